package dev.jobrunner.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Deliveries are POSTs. Spring Cloud Function would also run the function for a GET or PUT, and
 * fail a DELETE with a 500; anything but POST gets 405 here, except the actuator's probes. It
 * runs first, and before Spring's own filter that reads the form body of a PUT.
 */
@Component
@Order(OrderedFormContentFilter.DEFAULT_ORDER - 3)
class PostOnlyFilter extends DeliveryFilter {

    PostOnlyFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        super(errors);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (HttpMethod.POST.matches(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
        refuse(
                request,
                response,
                new RefusedDeliveryException(
                        HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed", "deliveries are POST requests"));
    }
}
