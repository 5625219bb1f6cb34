package dev.jobrunner.wordsearch;

import java.util.List;

/** A failure that ends the run; its message names what went wrong (variable, bucket or object). */
final class JobFailure extends RuntimeException {

    private final int exitCode;

    JobFailure(String message, Throwable cause) {
        this(message, cause, WordSearchJob.FAILED);
    }

    private JobFailure(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A variable is missing or holds an unusable value; the message names each one. */
    static JobFailure invalidSettings(List<String> problems) {
        return new JobFailure(
                "invalid configuration: " + String.join("; ", problems), null, WordSearchJob.INVALID_CONFIGURATION);
    }

    int exitCode() {
        return exitCode;
    }
}
