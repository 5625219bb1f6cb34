package dev.jobrunner.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.jobrunner.job.JobLogContext;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the events that are not a reply to a delivery (a Job's start; the completion of a Job
 * nobody awaited) to the sink a SinkBinding names, usually the Broker's ingress, in binary mode.
 * The sender never waits for them: each is sent in the background and retried while the sink is
 * down or busy.
 */
@Component
public class EventSink implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(EventSink.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final Optional<URI> sink;
    private final Map<String, String> overrides;
    private final Retry retry;
    // Made only with a sink (present with it): a client starts its selector thread at once.
    private final Optional<HttpClient> http;
    private final ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();

    EventSink(EventProperties settings, RetryRegistry retries, JsonMapper mapper) {
        this.sink = Optional.ofNullable(settings.sink())
                .filter(uri -> !uri.toString().isEmpty());
        this.overrides = overrides(settings.ceOverrides(), mapper);
        this.retry = retries.retry("sink");
        this.http = sink.map(uri -> HttpClient.newBuilder()
                // A Broker ingress speaks HTTP/1.1; h2c would only cost an upgrade on every connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(SEND_TIMEOUT)
                .build());
        sink.ifPresentOrElse(
                uri -> logger.info("Sending started events, and the completions of Jobs nobody awaited, to {}", uri),
                () -> logger.info("No jobrunner.events.sink (K_SINK from a SinkBinding): no started events are sent,"
                        + " and the completion of a Job nobody awaited is stored but not announced"));
    }

    public boolean configured() {
        return sink.isPresent();
    }

    /**
     * Sends the event in the background, trying again on no answer, a 5xx or a 429.
     *
     * @return done once the sink took the event, or failed for good (logged already); done at
     *     once when there is no sink
     */
    public CompletableFuture<Void> send(CloudEvent event) {
        if (sink.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        var overridden = withOverrides(event);
        return CompletableFuture.runAsync(
                JobLogContext.carried(() -> {
                    try {
                        retry.executeRunnable(() -> post(http.orElseThrow(), sink.get(), overridden));
                    } catch (RuntimeException e) {
                        logger.error(
                                "Could not send event {} of type {} to the sink: {}",
                                event.getId(),
                                event.getType(),
                                e.getMessage());
                    }
                }),
                sends);
    }

    private static void post(HttpClient http, URI uri, CloudEvent event) {
        var request = HttpRequest.newBuilder(uri).timeout(SEND_TIMEOUT);
        var body = new byte[1][];
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes)
                .writeBinary(event);
        request.POST(
                body[0] == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body[0]));
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new SinkRefusedException(event.getId(), response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not reach the sink " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending event " + event.getId(), e);
        }
    }

    private CloudEvent withOverrides(CloudEvent event) {
        if (overrides.isEmpty()) {
            return event;
        }
        var builder = CloudEventBuilder.from(event);
        overrides.forEach(builder::withExtension);
        return builder.build();
    }

    /** {@code K_CE_OVERRIDES} as knative.dev/pkg's {@code duckv1.CloudEventOverrides} writes it. */
    private static Map<String, String> overrides(String json, JsonMapper mapper) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            var parsed = mapper.readValue(json, CeOverrides.class);
            return parsed.extensions() == null ? Map.of() : Map.copyOf(parsed.extensions());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "jobrunner.events.ce-overrides (K_CE_OVERRIDES) must be {\"extensions\":{\"name\":\"value\"}}", e);
        }
    }

    private record CeOverrides(Map<String, String> extensions) {}

    @Override
    public void destroy() {
        sends.shutdown();
        http.ifPresent(HttpClient::close);
    }
}
