/**
 * Submit and wait: sends a job request to job-runner, over HTTP as a CloudEvent or to RabbitMQ as
 * a message, and waits for the Job's completion record in object storage, the function's contract
 * with anyone who wants the result ({@link dev.jobrunner.cli.SubmitAndWait}).
 */
package dev.jobrunner.cli;
