package dev.jobrunner.cli;

/** The object store answers, but will not give the record: wrong credentials, no permission. */
final class StoreUnreadableException extends RuntimeException {

    StoreUnreadableException(String message) {
        super(message);
    }
}
