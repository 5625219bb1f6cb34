package dev.jobrunner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The function in a JVM of its own, started from a command line as a container runtime would
 * start it: working directory, environment and {@code PORT}, output to a log file.
 */
public class FunctionProcess implements AutoCloseable {

    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Process process;
    private final Path log;
    private final int port;
    private final long startedNanos;

    private FunctionProcess(Process process, Path log, int port, long startedNanos) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /** Starts {@code command} in {@code directory} with {@code environment} added to this process's own. */
    public static FunctionProcess start(List<String> command, Path directory, Map<String, String> environment, Path log)
            throws IOException {
        var port = freePort();
        var builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        // The training and proof runs set their JVM options on the command line only.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        var started = System.nanoTime();
        return new FunctionProcess(builder.start(), log, port, started);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Time since the process was launched. */
    public Duration sinceLaunch() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Polls readiness until it is UP (the Jobs are listed and the web server takes requests).
     *
     * @throws IllegalStateException if the process ends first or {@code timeout} passes
     */
    public Duration awaitReady(Duration timeout, Duration pollEvery) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the function exited with " + process.exitValue() + " before it was ready; " + tail());
            }
            try {
                var readiness = http.send(
                        HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (readiness.statusCode() == 200) {
                    return sinceLaunch();
                }
            } catch (ConnectException e) {
                // Not listening yet.
            } catch (IOException e) {
                // Listening but not answering yet.
            }
            Thread.sleep(pollEvery.toMillis());
        }
        throw new IllegalStateException("the function was not ready within " + timeout + "; " + tail());
    }

    /** Delivers one CloudEvent in binary mode, as Knative's Broker does. */
    public HttpResponse<String> deliver(String eventId, String data) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri("/"))
                        .header("Ce-Specversion", "1.0")
                        .header("Ce-Id", eventId)
                        .header("Ce-Source", Deliveries.SOURCE)
                        .header("Ce-Type", Deliveries.REQUEST_TYPE)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofMinutes(2))
                        .POST(HttpRequest.BodyPublishers.ofString(data))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Resident and peak resident memory in KiB, from {@code /proc}; -1 where unknown. */
    public long[] residentKib() {
        long rss = -1;
        long peak = -1;
        try {
            for (var line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kib(line);
                }
            }
        } catch (IOException e) {
            // Not Linux, or the process is gone.
        }
        return new long[] {rss, peak};
    }

    /**
     * CPU time the JVM has used so far, all its threads, user and system, from {@code /proc} (in
     * clock ticks of 10 ms); -1 where unknown. Less disturbed by other load on the machine than
     * wall-clock time.
     */
    public long cpuMillis() {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command name in parentheses: state is the 3rd, utime the 14th, stime the 15th.
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Stops the function as Kubernetes does, with SIGTERM, and waits for the JVM to exit (which
     * includes writing an AOT cache when it was asked to).
     *
     * @return the exit code
     */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the function did not exit within " + timeout + " of SIGTERM; " + tail());
        }
        return process.exitValue();
    }

    /** The end of the function's output, for failure messages. */
    public String tail() {
        try {
            var lines = Files.readAllLines(log);
            return "last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "no output in " + log;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static long kib(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
