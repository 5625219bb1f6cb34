package dev.jobrunner.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.cloudevents.CloudEvent;
import io.cloudevents.spring.messaging.CloudEventMessageConverter;
import io.cloudevents.spring.messaging.CloudEventsHeaders;
import org.springframework.cloud.function.core.FunctionInvocationHelper;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Reads each HTTP delivery as a CloudEvent, in binary or structured mode, before the function
 * sees it. It takes the place of Spring Cloud Function's own CloudEvents helper, which turns a
 * structured event into a binary one whose data the CloudEvents converter cannot read, and which
 * finds headers only by lower-case name while Knative's senders write {@code Content-Type}.
 */
@Component
class CloudEventDeliveryReader implements FunctionInvocationHelper<Message<?>> {

    private static final String HTTP_CONTENT_TYPE = "content-type";

    private final CloudEventMessageConverter converter = new CloudEventMessageConverter();

    @Override
    public Message<?> preProcessInput(Message<?> input, Object inputConverter) {
        if (input.getPayload() instanceof CloudEvent) {
            return input;
        }
        CloudEvent event;
        try {
            event = (CloudEvent) converter.fromMessage(
                    new GenericMessage<>(input.getPayload(), canonical(input.getHeaders())), CloudEvent.class);
        } catch (RuntimeException e) {
            throw new InvalidCloudEventException(e.getMessage(), e);
        }
        requireNonEmpty("id", event.getId());
        requireNonEmpty("source", event.getSource().toString());
        requireNonEmpty("type", event.getType());
        return MessageBuilder.withPayload(event).copyHeaders(input.getHeaders()).build();
    }

    /**
     * The CloudEvents spec requires these non-empty; an empty id would also map every such event
     * to one Job name, so distinct requests would share one Job.
     */
    private static void requireNonEmpty(String attribute, String value) {
        if (value.isBlank()) {
            throw new InvalidCloudEventException("the attribute " + attribute + " is empty", null);
        }
    }

    /** The reply is written by {@link CloudEventReplyWriter}, not from message headers. */
    @Override
    public boolean isRetainOutputAsMessage(Message<?> input) {
        return false;
    }

    /**
     * Header names in lower case, as HTTP treats them. The HTTP content type decides between
     * structured and binary mode and, in binary mode, is the data's content type.
     */
    private static Map<String, Object> canonical(MessageHeaders headers) {
        var canonical = new LinkedHashMap<String, Object>();
        headers.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), value));
        var contentType = canonical.remove(HTTP_CONTENT_TYPE);
        canonical.remove(MessageHeaders.CONTENT_TYPE.toLowerCase(Locale.ROOT));
        if (contentType != null) {
            canonical.put(MessageHeaders.CONTENT_TYPE, contentType);
            canonical.put(CloudEventsHeaders.CONTENT_TYPE, contentType);
        }
        return canonical;
    }
}
