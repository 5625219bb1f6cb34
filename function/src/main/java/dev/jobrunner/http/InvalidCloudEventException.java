package dev.jobrunner.http;

/** A delivery that is not a CloudEvent in either HTTP mode. */
class InvalidCloudEventException extends RuntimeException {

    InvalidCloudEventException(String reason, Throwable cause) {
        super(
                "the delivery is not a CloudEvent: " + reason
                        + " (send ce-specversion, ce-id, ce-source and ce-type headers, or Content-Type"
                        + " application/cloudevents+json)",
                cause);
    }
}
