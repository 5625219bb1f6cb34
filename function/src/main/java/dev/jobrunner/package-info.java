/**
 * The job-runner function. {@link dev.jobrunner.JobRunnerFunction} is the whole flow: a job
 * request arrives as a CloudEvent, becomes one Kubernetes Job, is awaited, has its log stored,
 * and is answered with a completion CloudEvent. {@link dev.jobrunner.JobRunnerProperties} is all
 * of its configuration.
 */
package dev.jobrunner;
