package dev.jobrunner.wordsearch;

import java.util.List;

/** A failure that ends the run; its message names what went wrong (variable, bucket or object). */
final class JobFailure extends RuntimeException {

    private final int exitCode;

    JobFailure(String message) {
        this(message, null);
    }

    JobFailure(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = WordSearchJob.FAILED;
    }

    private JobFailure(List<String> problems) {
        super("invalid configuration: " + String.join("; ", problems));
        this.exitCode = WordSearchJob.INVALID_CONFIGURATION;
    }

    /** A variable is missing or holds an unusable value; the message names each one. */
    static JobFailure invalidSettings(List<String> problems) {
        return new JobFailure(problems);
    }

    int exitCode() {
        return exitCode;
    }
}
