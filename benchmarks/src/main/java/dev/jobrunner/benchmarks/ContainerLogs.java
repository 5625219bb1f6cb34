package dev.jobrunner.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * {@code GET pods/{name}/log} as the kubelet answers it through the API server, which the mock
 * server's CRUD mode does not serve: with {@code follow=true} one long response that ends when
 * the container stops, as the function's log follows see it on a cluster; otherwise the log so
 * far. So the benchmark holds one follow open per running pod, as a real burst does.
 */
final class ContainerLogs implements AutoCloseable {

    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/?]+)/log(\\?.*)?");

    /** @param stopsAt when the container stops, on {@link System#nanoTime()} */
    private record Log(String text, long stopsAt) {}

    private final Map<String, Log> logs = new ConcurrentHashMap<>();
    private final Set<String> followed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openFollows = new AtomicInteger();
    private final AtomicInteger mostFollows = new AtomicInteger();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    void started(String pod, String text, Duration runTime) {
        logs.put(pod, new Log(text, System.nanoTime() + runTime.toNanos()));
    }

    /** The answer to a request for a pod's log, or {@code null} for any other request. */
    MockResponse serve(RecordedRequest request) {
        var path = LOG_PATH.matcher(request.getPath());
        if (!"GET".equals(request.getMethod()) || !path.matches()) {
            return null;
        }
        var log = logs.get(path.group(1));
        if (log == null) {
            return new MockResponse().setResponseCode(404).setBody("""
                    {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
        }
        var response = new MockResponse().setResponseCode(200).setBody(log.text());
        var untilStop = Duration.ofNanos(log.stopsAt() - System.nanoTime());
        var follow = path.group(2) != null && path.group(2).contains("follow=true");
        // Vert.x refuses a timer shorter than a millisecond: such a body is due now anyway.
        if (!follow || untilStop.toMillis() < 1) {
            return response;
        }
        followed.add(path.group(1));
        mostFollows.accumulateAndGet(openFollows.incrementAndGet(), Math::max);
        clock.schedule(openFollows::decrementAndGet, untilStop.toMillis(), TimeUnit.MILLISECONDS);
        return response.setBodyDelay(untilStop);
    }

    /** The pods whose log was followed while their container ran. */
    int followedPods() {
        return followed.size();
    }

    /** The most follows open at once. */
    int mostFollows() {
        return mostFollows.get();
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
