package dev.jobrunner.http;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

/**
 * Writes the function's reply as a binary-mode CloudEvent that is the whole HTTP response.
 * Spring Cloud Function copies every request header into its response (spring-cloud-function
 * issues 927 and 1091): a Broker would read an echoed {@code ce-type} or {@code ce-id} as the
 * reply's and loop the request back to us, so the response carries the reply's headers only.
 */
@Component
class CloudEventReplyWriter implements HttpMessageConverter<CloudEvent> {

    @Override
    public boolean canRead(Class<?> type, MediaType mediaType) {
        return false;
    }

    @Override
    public boolean canWrite(Class<?> type, MediaType mediaType) {
        return CloudEvent.class.isAssignableFrom(type);
    }

    @Override
    public List<MediaType> getSupportedMediaTypes() {
        return List.of(MediaType.ALL);
    }

    @Override
    public CloudEvent read(Class<? extends CloudEvent> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("deliveries are read by Spring Cloud Function", input);
    }

    @Override
    public void write(CloudEvent event, MediaType contentType, HttpOutputMessage output) throws IOException {
        var headers = output.getHeaders();
        headers.clear();
        var body = new AtomicReference<byte[]>();
        HttpMessageFactory.createWriter(headers::set, body::set).writeBinary(event);
        var data = body.get() == null ? new byte[0] : body.get();
        headers.setContentLength(data.length);
        output.getBody().write(data);
    }
}
