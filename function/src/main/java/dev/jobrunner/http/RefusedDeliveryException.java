package dev.jobrunner.http;

import org.springframework.http.HttpStatus;

/**
 * A delivery refused at the HTTP edge, before its body is read as an event: a method, content
 * type or size the function does not take. Raised by the filters and answered by
 * {@link DeliveryErrors}, like every other refusal.
 */
class RefusedDeliveryException extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    RefusedDeliveryException(HttpStatus status, String title, String reason) {
        super(reason);
        this.status = status;
        this.title = title;
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }
}
