package dev.jobrunner.cli;

/** The command line or the request cannot be used; the message names the option or field. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
