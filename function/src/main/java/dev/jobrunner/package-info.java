/**
 * The job-runner function. {@link dev.jobrunner.JobRunnerFunction} is the whole flow: a job
 * request arrives as a CloudEvent, becomes one Kubernetes Job, is awaited, has its log stored,
 * and is answered with a completion CloudEvent. Each step lives in its feature's package
 * ({@code request}, {@code job}, {@code logs}, {@code event}), with its own configuration record;
 * {@code http} adapts Spring Cloud Function's HTTP edge, {@code guard} wraps every remote call,
 * {@code metrics} counts what the flow does.
 */
package dev.jobrunner;
