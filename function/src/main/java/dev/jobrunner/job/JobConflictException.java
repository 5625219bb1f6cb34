package dev.jobrunner.job;

/**
 * The Job name of an event is taken by something this delivery cannot await: a Job of another
 * event, or one that vanished between "already exists" and reading it. Starting a Job now could
 * run the event twice, so the delivery is refused for Knative to retry.
 */
public class JobConflictException extends RuntimeException {

    JobConflictException(String message) {
        super(message);
    }
}
