package dev.jobrunner.http;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import dev.jobrunner.request.RequestProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a delivery body over {@code jobrunner.job.max-request-size} with 413, having read at
 * most one byte past the limit: a Content-Length over it is refused before anything is read, a
 * body without one (chunked) as soon as it passes it. A body within the limit is handed on as
 * read, so nothing after this filter holds more than the limit.
 */
@Component
@Order(OrderedFormContentFilter.DEFAULT_ORDER - 1)
class RequestSizeFilter extends DeliveryFilter {

    private final int limit;

    RequestSizeFilter(
            RequestProperties settings, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        super(errors);
        this.limit = Math.toIntExact(settings.maxRequestSize().toBytes());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var declared = request.getContentLengthLong();
        if (declared > limit) {
            refuseTooLarge(request, response, declared + " bytes");
            return;
        }
        var body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            refuseTooLarge(request, response, "more than " + limit + " bytes");
            return;
        }
        chain.doFilter(new ReadRequest(request, body), response);
    }

    private void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, String size) {
        refuse(
                request,
                response,
                new RefusedDeliveryException(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "Request too large",
                        "the delivery's body is " + size + ", over the limit of " + limit
                                + " bytes (jobrunner.job.max-request-size)"));
    }

    /** The request with its body already read from the connection. */
    private static final class ReadRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ReadBody(new ByteArrayInputStream(body));
        }

        @Override
        public BufferedReader getReader() {
            var encoding = getCharacterEncoding();
            // The servlet specification's default for a body that names no charset.
            var charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    private static final class ReadBody extends ServletInputStream {

        private final ByteArrayInputStream body;

        ReadBody(ByteArrayInputStream body) {
            this.body = body;
        }

        @Override
        public int read() {
            return body.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return body.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return body.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        /** Spring MVC reads bodies blocking; the whole body is here anyway. */
        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the body has been read already; read it blocking");
        }
    }
}
