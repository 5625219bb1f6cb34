package dev.jobrunner.testing;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The mock API server's dispatcher (recorded responses first, then CRUD mode), with faults in
 * front: the next calls of the application under test that
 * match a method and path answer with an error status, or hang past the client's timeout, before
 * the server answers normally again. Calls of the test's own clients are never touched.
 */
public class ApiFaults extends Dispatcher {

    /** The User-Agent of the application's client, which tells its calls from the test's. */
    public static final String APPLICATION_AGENT = "job-runner-under-test";

    private final Map<ServerRequest, Queue<ServerResponse>> recordedResponses = new ConcurrentHashMap<>();
    private final Dispatcher server = new KubernetesMixedDispatcher(recordedResponses);
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private volatile PodLogs podLogs;

    public ApiFaults() {}

    /** Responses recorded with the mock server's {@code expect()}: what CRUD mode does not serve. */
    Map<ServerRequest, Queue<ServerResponse>> recordedResponses() {
        return recordedResponses;
    }

    /** Pod logs are answered by the test cluster, as the kubelet would answer them. */
    void servePodLogs(PodLogs podLogs) {
        this.podLogs = podLogs;
    }

    /** The next {@code times} matching calls get {@code status} with a Kubernetes Status body. */
    public void failNext(String method, String pathRegex, int status, int times) {
        failNext(method, pathRegex, status, "injected fault", times);
    }

    /** As {@link #failNext(String, String, int, int)}, the Status carrying the API server's own message. */
    public void failNext(String method, String pathRegex, int status, String message, int times) {
        faults.add(
                new Fault(method, Pattern.compile(pathRegex), status, message, null, new AtomicInteger(times), null));
    }

    /** The next {@code times} matching calls get no answer within {@code delay}. */
    public void hangNext(String method, String pathRegex, Duration delay, int times) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), 200, null, delay, new AtomicInteger(times), null));
    }

    /**
     * Runs {@code action} when the next matching call arrives, before it is answered: something
     * else happening at exactly that point, such as another instance finishing.
     */
    public void beforeNext(String method, String pathRegex, Runnable action) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), 0, null, null, new AtomicInteger(1), action));
    }

    /** Whether every fault registered so far has been served. */
    public boolean allServed() {
        return faults.stream().allMatch(fault -> fault.remaining().get() <= 0);
    }

    public void clear() {
        faults.clear();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (APPLICATION_AGENT.equals(request.getHeader("User-Agent"))) {
            for (var fault : faults) {
                if (fault.matches(request) && fault.remaining().getAndDecrement() > 0) {
                    if (fault.before() != null) {
                        fault.before().run();
                        return answer(request);
                    }
                    return fault.delay() == null
                            ? new MockResponse()
                                    .setResponseCode(fault.status())
                                    .setBody(status(fault.status(), fault.message()))
                            : answer(request).setBodyDelay(fault.delay());
                }
            }
        }
        return answer(request);
    }

    /** As the API server answers: pod logs from the test cluster's kubelet, the rest in CRUD mode. */
    private MockResponse answer(RecordedRequest request) {
        var logs = podLogs;
        var log = logs == null ? null : logs.serve(request);
        return log != null ? log : server.dispatch(request);
    }

    @Override
    public void shutdown() {
        server.shutdown();
    }

    private static String status(int code, String message) {
        return """
                {"kind":"Status","apiVersion":"v1","status":"Failure","message":"%s","code":%d}""".formatted(message, code);
    }

    private record Fault(
            String method,
            Pattern path,
            int status,
            String message,
            Duration delay,
            AtomicInteger remaining,
            Runnable before) {

        boolean matches(RecordedRequest request) {
            return method.equals(request.getMethod())
                    && path.matcher(request.getPath()).matches();
        }
    }
}
