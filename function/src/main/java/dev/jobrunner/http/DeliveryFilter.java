package dev.jobrunner.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A check on a delivery before Spring Cloud Function reads it. A refused delivery is answered
 * through {@link DeliveryErrors}, like every other failure, as {@code application/problem+json};
 * the actuator's probes are never checked.
 */
abstract class DeliveryFilter extends OncePerRequestFilter {

    private final HandlerExceptionResolver errors;

    DeliveryFilter(HandlerExceptionResolver errors) {
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/");
    }

    void refuse(HttpServletRequest request, HttpServletResponse response, RefusedDeliveryException refusal) {
        errors.resolveException(request, response, null, refusal);
    }
}
