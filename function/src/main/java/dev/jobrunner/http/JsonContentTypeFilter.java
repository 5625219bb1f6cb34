package dev.jobrunner.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Deliveries carry JSON: the job request in binary mode, the whole event in structured mode
 * ({@code application/cloudevents+json}). Any other content type gets 415 before its body is
 * read: Spring would parse a multipart body and fail with a 500, and take a form body for
 * parameters, leaving the function an empty event. A delivery without a Content-Type is read as
 * JSON, as the RabbitmqSource forwards a message published without one.
 */
@Component
@Order(OrderedFormContentFilter.DEFAULT_ORDER - 2)
class JsonContentTypeFilter extends DeliveryFilter {

    private static final int MAX_SHOWN_LENGTH = 64;

    JsonContentTypeFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        super(errors);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var contentType = request.getContentType();
        if (contentType == null || isJson(contentType)) {
            chain.doFilter(request, response);
            return;
        }
        refuse(
                request,
                response,
                new RefusedDeliveryException(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "Content type not read",
                        "Content-Type " + shown(contentType) + " is not JSON with a known charset: send the job"
                                + " request as application/json, or a whole event as application/cloudevents+json"));
    }

    /** {@code application/json} or any {@code application/*+json}, with no charset or one the JDK knows. */
    private static boolean isJson(String contentType) {
        MediaType type;
        try {
            // Also refuses a charset the JDK does not know: the body could not be decoded.
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        return type.getType().equals("application")
                && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
    }

    /** The header as a client sent it, cut short: it is only there to be recognised. */
    private static String shown(String contentType) {
        var cut = contentType.length() > MAX_SHOWN_LENGTH
                ? contentType.substring(0, MAX_SHOWN_LENGTH) + "…"
                : contentType;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
