package dev.jobrunner.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * {@code GET pods/{name}/log} as the kubelet answers it through the API server, which the mock
 * server's CRUD mode does not serve: the current log file, or with {@code follow=true} the
 * current file and what follows until the container stops. A follow is one response whose body
 * arrives when its last byte would have been written. Errors read as the kubelet's do
 * ({@code pkg/kubelet/kubelet_pods.go}, {@code validateContainerLogStatus}).
 */
final class PodLogs {

    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");

    private final Supplier<ClusterSettings> settings;
    private final Map<String, Entry> pods = new ConcurrentHashMap<>();

    PodLogs(Supplier<ClusterSettings> settings) {
        this.settings = settings;
    }

    /**
     * @param file the log, once the container has started; {@code null} while it waits
     * @param waitingReason why the container has not started, while {@code file} is null
     * @param deleted whether the pod is gone, with its logs
     */
    private record Entry(String container, PodLogFile file, String waitingReason, boolean deleted) {}

    void waiting(String pod, String container, String reason) {
        pods.put(pod, new Entry(container, null, reason, false));
    }

    void started(String pod, String container, PodLogFile file) {
        pods.put(pod, new Entry(container, file, null, false));
    }

    void deleted(String pod) {
        pods.computeIfPresent(pod, (name, entry) -> new Entry(entry.container(), entry.file(), null, true));
    }

    /** The answer to a request for a pod's log, or {@code null} for any other request. */
    MockResponse serve(RecordedRequest request) {
        var path = LOG_PATH.matcher(request.getPath());
        if (!"GET".equals(request.getMethod()) || !path.matches()) {
            return null;
        }
        var name = path.group(2);
        var query = path.group(3) == null ? "" : path.group(3);
        var entry = pods.get(name);
        if (entry == null || entry.deleted()) {
            return status(404, "pods \"" + name + "\" not found");
        }
        var container = parameter(query, "container");
        if (container != null && !container.equals(entry.container())) {
            return status(400, "container " + container + " is not valid for pod " + name);
        }
        if (entry.file() == null) {
            return status(
                    400,
                    "container \"" + entry.container() + "\" in pod \"" + name + "\" is waiting to start: "
                            + entry.waitingReason());
        }
        var now = System.nanoTime();
        var file = entry.file();
        if (!"true".equals(parameter(query, "follow")) || file.stopped(now)) {
            return new MockResponse().setResponseCode(200).setBody(file.currentFile(now));
        }
        var from = file.currentFileStart(file.writtenAt(now));
        var end = file.finalSize(now);
        if (settings.get().followBreaksAtRotation()) {
            end = Math.min(end, from + file.rotationBytes());
        }
        var arrives = Math.min(file.writtenBy(end), file.stoppedAt());
        var response = new MockResponse().setResponseCode(200).setBody(file.range(from, end));
        // Vert.x refuses a timer shorter than a millisecond: such a body is due now anyway.
        var delay = Duration.ofNanos(arrives - now);
        return delay.toMillis() >= 1 ? response.setBodyDelay(delay) : response;
    }

    private static String parameter(String query, String name) {
        for (var pair : query.replaceFirst("^\\?", "").split("&")) {
            var equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return pair.substring(equals + 1);
            }
        }
        return null;
    }

    private static MockResponse status(int code, String message) {
        var reason = code == 404 ? "NotFound" : "BadRequest";
        return new MockResponse().setResponseCode(code).setBody("""
                        {"kind":"Status","apiVersion":"v1","status":"Failure","message":"%s","reason":"%s","code":%d}""".formatted(
                        message.replace("\"", "\\\""), reason, code));
    }
}
