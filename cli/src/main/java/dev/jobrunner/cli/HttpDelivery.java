package dev.jobrunner.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A CloudEvent in binary mode, as Knative's own senders write one: attributes in {@code Ce-*}
 * headers, the request as the body. The function answers when the Job has ended; a Broker at once.
 */
final class HttpDelivery implements Delivery {

    private static final ObjectMapper mapper = new ObjectMapper();

    private final URI to;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpDelivery(URI to) {
        this.to = to;
    }

    @Override
    public String destination() {
        return to.toString();
    }

    @Override
    public CompletableFuture<String> send(Options options) {
        var request = HttpRequest.newBuilder(to)
                .header("Ce-Specversion", "1.0")
                .header("Ce-Id", options.eventId())
                .header("Ce-Source", options.eventSource())
                .header("Ce-Type", options.eventType())
                .header("Content-Type", "application/json")
                // No timeout: the function holds the request open while the Job runs, and --wait
                // ends the waiting, this request with it.
                .POST(HttpRequest.BodyPublishers.ofString(options.request().json()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                throw new DeliveryRefusedException(unreachable(failure), failure);
            }
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryRefusedException(
                        to + " answered " + response.statusCode() + refusal(response.body()));
            }
            return to + " answered " + response.statusCode();
        });
    }

    private String unreachable(Throwable failure) {
        var cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ConnectException) {
            return "could not connect to " + to + ": is the function (or the Broker) running there?";
        }
        return "could not send to " + to + ": " + (cause instanceof IOException ? cause.getMessage() : cause);
    }

    /** The problem's detail when the function answered application/problem+json, else the body. */
    private static String refusal(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            var detail = mapper.readTree(body).path("detail");
            if (detail.isTextual()) {
                return ": " + detail.asText();
            }
        } catch (IOException e) {
            // Not JSON: the body as it is, below.
        }
        return ": " + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body).strip();
    }
}
