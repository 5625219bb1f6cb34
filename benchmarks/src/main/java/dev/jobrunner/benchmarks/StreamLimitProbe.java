package dev.jobrunner.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.MockWebServerListener;
import io.fabric8.mockwebserver.http.RecordedHttpConnection;

/**
 * The measurement behind the client's HTTP version (see the function's
 * KubernetesClientAutoConfiguration): N creates at once through fabric8's JDK client against the
 * mock API server (100 streams per HTTP/2 connection), over HTTP/2 and over HTTP/1.1, each with
 * at most a given number in flight. Prints successes, failures by message, wall time and the
 * connections the server saw.
 *
 * <p>Arguments: the number of creates, then the limits on calls in flight to try ({@code 0} for
 * none); defaults {@code 1000 0 64}.
 */
public final class StreamLimitProbe {

    private StreamLimitProbe() {}

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer")
                .setLevel(java.util.logging.Level.WARNING);
        var creates = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        var limits = new int[args.length > 1 ? args.length - 1 : 2];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = args.length > 1 ? Integer.parseInt(args[i + 1]) : (i == 0 ? 0 : 64);
        }
        System.out.println(
                "HTTP      | in flight | created | failed                                   | wall  | connections (most at once / in all)");
        for (var limit : limits) {
            for (var http2 : new boolean[] {true, false}) {
                var outcome = probe(creates, http2, limit);
                System.out.printf(
                        "%-9s | %9s | %7d | %-40s | %4.1fs | %d / %d%n",
                        http2 ? "HTTP/2" : "HTTP/1.1",
                        limit == 0 ? "unbounded" : limit,
                        outcome.created(),
                        outcome.failures(),
                        outcome.wall().toMillis() / 1000.0,
                        outcome.mostConnections(),
                        outcome.connections());
            }
        }
    }

    private static Outcome probe(int creates, boolean http2, int limit) throws Exception {
        var open = new AtomicInteger();
        var most = new AtomicInteger();
        var all = new AtomicInteger();
        var web = new MockWebServer();
        web.addListener(new MockWebServerListener() {
            @Override
            public void onConnection(RecordedHttpConnection connection) {
                all.incrementAndGet();
                most.accumulateAndGet(open.incrementAndGet(), Math::max);
            }

            @Override
            public void onConnectionClosed(RecordedHttpConnection connection) {
                open.decrementAndGet();
            }
        });
        var server =
                new KubernetesMockServer(new Context(), web, new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient(builder -> builder.editOrNewConfig()
                .withHttp2Disable(!http2)
                .withRequestRetryBackoffLimit(0)
                .endConfig())) {
            // One call first, as the function's informers make theirs before any delivery: the
            // HTTP/2 connection (h2c upgrade) exists before the burst.
            client.configMaps().resource(configMap("first")).create();
            var inFlight = new Semaphore(limit == 0 ? Integer.MAX_VALUE : limit, true);
            var created = new AtomicInteger();
            var failures = new ConcurrentHashMap<String, Integer>();
            var started = System.nanoTime();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < creates; i++) {
                    var name = "probe-" + i;
                    pool.submit(() -> {
                        inFlight.acquireUninterruptibly();
                        try {
                            client.configMaps().resource(configMap(name)).create();
                            created.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.merge(rootMessage(e), 1, Integer::sum);
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            }
            return new Outcome(
                    created.get(),
                    new TreeMap<>(failures),
                    Duration.ofNanos(System.nanoTime() - started),
                    most.get(),
                    all.get());
        } finally {
            server.destroy();
        }
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToData("payload", "x".repeat(2000))
                .build();
    }

    private static String rootMessage(Throwable failure) {
        var root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    record Outcome(int created, Map<String, Integer> failures, Duration wall, int mostConnections, int connections) {}
}
