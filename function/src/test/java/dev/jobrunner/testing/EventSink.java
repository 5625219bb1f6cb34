package dev.jobrunner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;

/**
 * A sink for the events the function sends on its own, as a Broker's ingress takes them: a real
 * HTTP server on loopback reading binary-mode CloudEvents, answering 202 as the ingress does, or
 * 503 for as many requests as a test asks.
 */
public class EventSink implements AutoCloseable {

    private final HttpServer server;
    private final List<CloudEvent> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    public EventSink() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::receive);
        server.start();
    }

    /** What to set {@code jobrunner.events.sink} to. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Every event taken, in order of arrival. */
    public List<CloudEvent> received() {
        return List.copyOf(received);
    }

    public List<CloudEvent> received(String type) {
        return received.stream().filter(event -> type.equals(event.getType())).toList();
    }

    /** The next {@code count} requests are answered 503, as an ingress being rolled out answers. */
    public void refuseNext(int count) {
        refuseNext.set(count);
    }

    public int refused() {
        return refused.get();
    }

    public void clear() {
        received.clear();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            var body = exchange.getRequestBody().readAllBytes();
            if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            var headers = exchange.getRequestHeaders();
            received.add(HttpMessageFactory.createReader(
                            consumer -> headers.forEach((name, values) ->
                                    consumer.accept(name.toLowerCase(Locale.ROOT), values.getFirst())),
                            body)
                    .toEvent());
            exchange.sendResponseHeaders(202, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
