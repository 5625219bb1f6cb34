package dev.jobrunner.cli;

/** The request did not reach job-runner, or was refused; the message says by whom and why. */
final class DeliveryRefusedException extends RuntimeException {

    DeliveryRefusedException(String message) {
        super(message);
    }

    DeliveryRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
