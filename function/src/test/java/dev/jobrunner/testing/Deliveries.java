package dev.jobrunner.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Delivers CloudEvents to the running application over real HTTP, the way Knative does: binary
 * mode with {@code Ce-*} headers as Go writes them, or structured mode.
 */
public class Deliveries {

    public static final String SOURCE = "/apis/v1/namespaces/test/rabbitmqsources/job-requests";
    public static final String REQUEST_TYPE = "dev.knative.rabbitmq.event";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI endpoint;

    public Deliveries(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Binary mode, as Knative's Broker delivers: attributes in {@code Ce-*} headers, data as body. */
    public HttpResponse<String> binary(String eventId, String data) {
        return send(binaryRequest(eventId).header("Content-Type", "application/json"), data);
    }

    /** Binary mode with extra headers, added to (or replacing) the usual ones. */
    public HttpResponse<String> binary(String eventId, String data, Map<String, String> extraHeaders) {
        var request = binaryRequest(eventId).header("Content-Type", "application/json");
        extraHeaders.forEach(request::setHeader);
        return send(request, data);
    }

    /** Binary mode without a Content-Type, as the RabbitmqSource forwards a message published without one. */
    public HttpResponse<String> binaryWithoutContentType(String eventId, String data) {
        return send(binaryRequest(eventId), data);
    }

    /** Binary mode with the data in chunks and no Content-Length, as a proxy streaming it sends it. */
    public HttpResponse<String> binaryChunked(String eventId, String data) {
        var bytes = data.getBytes(StandardCharsets.UTF_8);
        return send(binaryRequest(eventId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }

    /** Binary mode sending {@code Expect: 100-continue}: the data goes only once the server asks for it. */
    public HttpResponse<String> binaryExpectingContinue(String eventId, String data) {
        return send(
                binaryRequest(eventId)
                        .header("Content-Type", "application/json")
                        .expectContinue(true),
                data);
    }

    /** Structured mode: the whole event as one JSON document. */
    public HttpResponse<String> structured(String eventId, String data) {
        var event = """
                {"specversion":"1.0","id":"%s","source":"%s","type":"%s","datacontenttype":"application/json","data":%s}""".formatted(eventId, SOURCE, REQUEST_TYPE, data);
        return send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/cloudevents+json"), event);
    }

    /** A body of the given type, with no CloudEvents headers: structured mode, or not a CloudEvent at all. */
    public HttpResponse<String> post(String contentType, String body) {
        return send(HttpRequest.newBuilder(endpoint).header("Content-Type", contentType), body);
    }

    /** Any method, any headers, any bytes: for deliveries that are wrong in every way. */
    public HttpResponse<String> raw(String method, Map<String, String> headers, byte[] body) {
        var request = HttpRequest.newBuilder(endpoint).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** As {@link #raw}, a POST whose body goes in chunks, without a Content-Length. */
    public HttpResponse<String> rawChunked(Map<String, String> headers, byte[] body) {
        var request = HttpRequest.newBuilder(endpoint)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        headers.forEach(request::header);
        return send(request);
    }

    private HttpRequest.Builder binaryRequest(String eventId) {
        return HttpRequest.newBuilder(endpoint)
                .header("Ce-Specversion", "1.0")
                .header("Ce-Id", eventId)
                .header("Ce-Source", SOURCE)
                .header("Ce-Type", REQUEST_TYPE);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String body) {
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
