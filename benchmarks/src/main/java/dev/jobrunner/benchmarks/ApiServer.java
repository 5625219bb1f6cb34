package dev.jobrunner.benchmarks;

import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * fabric8's mock API server in CRUD mode, which like kube-apiserver allows 100 concurrent HTTP/2
 * streams per connection, counting what the function does to it: calls by HTTP version, and its
 * watches open at once, and serving pods' logs as the kubelet does. The function is told from the benchmark's own Job controller by its
 * User-Agent.
 */
final class ApiServer implements AutoCloseable {

    /** The User-Agent of the benchmark's own client; everything else is the function. */
    static final String CONTROLLER_AGENT = "benchmark-job-controller";

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
    private final KubernetesMockServer server;
    private final Map<String, LongAdder> functionCalls = new ConcurrentHashMap<>();
    private final AtomicInteger openWatches = new AtomicInteger();
    private final AtomicInteger mostWatches = new AtomicInteger();
    private final ContainerLogs logs = new ContainerLogs();

    ApiServer() {
        var crud = new KubernetesMixedDispatcher(responses);
        var counting = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                var log = logs.serve(request);
                var response = log != null ? log : crud.dispatch(request);
                if (!CONTROLLER_AGENT.equals(request.getHeader("User-Agent"))) {
                    functionCalls
                            .computeIfAbsent(request.getHttpVersion(), version -> new LongAdder())
                            .increment();
                    if (response.getWebSocketListener() != null) {
                        response.withWebSocketUpgrade(new CountedWatch(response.getWebSocketListener()));
                    }
                }
                return response;
            }

            @Override
            public void shutdown() {
                crud.shutdown();
            }

            @Override
            public void releaseResources() {
                crud.releaseResources();
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, counting, false);
        server.init();
    }

    KubernetesMockServer server() {
        return server;
    }

    /** The pods' logs, as the kubelet serves them. */
    ContainerLogs logs() {
        return logs;
    }

    String url() {
        return server.url("/");
    }

    /** The function's API calls so far, by HTTP version. */
    Map<String, Long> functionCalls() {
        var counts = new TreeMap<String, Long>();
        functionCalls.forEach((version, count) -> counts.put(version, count.sum()));
        return counts;
    }

    /** The most watches the function held open at once. */
    int mostWatches() {
        return mostWatches.get();
    }

    @Override
    public void close() {
        server.destroy();
        logs.close();
    }

    /** A watch of the function's, counted while its WebSocket is open. */
    private final class CountedWatch extends WebSocketListener {

        private final WebSocketListener watch;
        private final AtomicBoolean open = new AtomicBoolean();

        CountedWatch(WebSocketListener watch) {
            this.watch = watch;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            watch.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            if (open.compareAndSet(false, true)) {
                mostWatches.accumulateAndGet(openWatches.incrementAndGet(), Math::max);
            }
            watch.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            watch.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            watch.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            watch.onClosing(webSocket, code, reason);
        }

        /**
         * Off the mock's event loop: fabric8's watch shuts down the executor that sends its events
         * and awaits it for up to a minute (WatchEventsListener#onClosed, #onFailure), while those
         * sends need that very loop. On the loop, every API call stalled meanwhile, and a run whose
         * function exits with its watches open hung for minutes before it could end.
         */
        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            closed();
            Thread.ofVirtual().start(() -> watch.onClosed(webSocket, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable error, Response response) {
            closed();
            Thread.ofVirtual().start(() -> watch.onFailure(webSocket, error, response));
        }

        private void closed() {
            if (open.compareAndSet(true, false)) {
                openWatches.decrementAndGet();
            }
        }
    }
}
