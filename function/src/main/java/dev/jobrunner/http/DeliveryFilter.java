package dev.jobrunner.http;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A check on a delivery before Spring Cloud Function reads it. A refused delivery is answered
 * through {@link DeliveryErrors}, like every other failure, as {@code application/problem+json};
 * the actuator's probes are never checked.
 */
abstract class DeliveryFilter extends OncePerRequestFilter {

    // As much of a refused body as is read to keep its connection: Tomcat's maxSwallowSize.
    private static final long MOST_DISCARDED = 2 * 1024 * 1024;

    private final HandlerExceptionResolver errors;

    DeliveryFilter(HandlerExceptionResolver errors) {
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/");
    }

    /**
     * Answers the delivery. A filter refuses before the body has been read whole, so what is left
     * of it is read and dropped first: Jetty would otherwise close the connection with the body
     * unread, which makes the kernel reset it, and a client may lose the reply it has not read yet
     * (RFC 9112, section 9.6). A body too long to be worth reading, or one a client holds back
     * until told to continue, is not read: the reply says {@code Connection: close} instead, which
     * Jetty says itself only in a reply not yet written when the request ends (jetty-ee11-servlet
     * {@code ServletChannel}, {@code COMPLETE}), and this one is.
     */
    void refuse(HttpServletRequest request, HttpServletResponse response, RefusedDeliveryException refusal) {
        if (!discardBody(request)) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        errors.resolveException(request, response, null, refusal);
    }

    /** @return whether the body has been read to its end */
    private static boolean discardBody(HttpServletRequest request) {
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            return false;
        }
        try {
            var body = request.getInputStream();
            body.skip(MOST_DISCARDED);
            return body.read() == -1;
        } catch (IOException connectionFailed) {
            // Nothing more to keep: the connection is closed after the reply.
            return false;
        }
    }
}
