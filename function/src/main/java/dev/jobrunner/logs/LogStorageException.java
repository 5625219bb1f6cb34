package dev.jobrunner.logs;

/** The log store failed; the Job is kept so that a redelivery can store its log. */
public class LogStorageException extends RuntimeException {

    public LogStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
