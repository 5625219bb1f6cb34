package dev.jobrunner.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

/**
 * The function's jar in a process of its own, started with the image's JVM flags (function/pom.xml,
 * the {@code -XX} options of {@code jvm.args}) and the memory the Knative Service gives it (knative/base/500-service.yaml,
 * as {@code -XX:MaxRAM}, so {@code -XX:MaxRAMPercentage} sizes the heap as in the container),
 * against the benchmark's API server and object storage.
 */
final class FunctionProcess implements AutoCloseable {

    // The image's JVM options, as the AOT cache's training run is given them (and writes them to the
    // image's jvm.args): the run must match the training, so these are the image's very flags.
    private static final Pattern JVM_FLAG = Pattern.compile("<argument>--jvm-flag=([^<]+)</argument>");
    private static final Path JIT_DIRECTIVES = Path.of("function/src/main/image/jit-directives.json");
    private static final Pattern MEMORY_LIMIT =
            Pattern.compile("limits:\\s*\\n(?:\\s+#.*\\n|\\s+cpu:.*\\n)*\\s+memory:\\s*(\\d+)Mi");

    private final Process process;
    private final int port;
    private final Path log;

    FunctionProcess(Path repository, Path workDirectory, String apiServer, String storage, List<String> storageKeys)
            throws IOException {
        this(repository, workDirectory, apiServer, storage, storageKeys, List.of());
    }

    /** @param arguments more of the function's properties, as {@code --name=value} */
    FunctionProcess(
            Path repository,
            Path workDirectory,
            String apiServer,
            String storage,
            List<String> storageKeys,
            List<String> arguments)
            throws IOException {
        this.port = freePort();
        this.log = workDirectory.resolve("function.log");
        var kubeconfig = workDirectory.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                users:
                  - name: mock
                    user:
                      token: benchmark
                contexts:
                  - name: mock
                    context:
                      cluster: mock
                      user: mock
                      namespace: test
                current-context: mock
                """.formatted(apiServer));
        // The image's /app holds the JIT's directives, which its flags name by a relative path.
        Files.copy(
                repository.resolve(JIT_DIRECTIVES),
                workDirectory.resolve(JIT_DIRECTIVES.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(imageFlags(repository));
        command.add("-XX:MaxRAM=" + serviceMemoryLimitMiB(repository) + "m");
        // Diagnostics only, such as -XX:NativeMemoryTracking=summary; never part of a measurement reported.
        var extra = System.getProperty("function.jvm.options", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(functionJar(repository).toString());
        command.add("--server.port=" + port);
        command.add("--jobrunner.storage.endpoint=" + storage);
        command.add("--jobrunner.storage.access-key=" + storageKeys.get(0));
        command.add("--jobrunner.storage.secret-key=" + storageKeys.get(1));
        command.addAll(arguments);
        var builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        this.process = builder.start();
    }

    /**
     * The flags the image starts the JVM with. None found is an error, not a run with the JVM's
     * defaults: those size the heap at a quarter of the memory limit instead of three quarters.
     */
    static List<String> imageFlags(Path repository) throws IOException {
        var pom = Files.readString(repository.resolve("function/pom.xml"));
        var flags = JVM_FLAG.matcher(pom)
                .results()
                .map(match -> match.group(1).trim())
                .toList();
        if (flags.isEmpty()) {
            throw new IllegalStateException("no --jvm-flag=... arguments found in function/pom.xml");
        }
        return flags;
    }

    /** The function's memory limit in the Knative Service, in MiB. */
    static long serviceMemoryLimitMiB(Path repository) throws IOException {
        var service = Files.readString(repository.resolve("knative/base/500-service.yaml"));
        var limit = MEMORY_LIMIT.matcher(service);
        if (!limit.find()) {
            throw new IllegalStateException("no memory limit in Mi found in knative/base/500-service.yaml");
        }
        return Long.parseLong(limit.group(1));
    }

    private static Path functionJar(Path repository) throws IOException {
        try (var jars = Files.list(repository.resolve("function/target"))) {
            // The Boot jar, named by the version alone: not the test-jar (-tests) or any other classifier.
            return jars.filter(jar -> jar.getFileName().toString().matches("job-runner-[0-9.]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException(
                                    "no function jar in function/target: run ./mvnw -B -pl function package -DskipTests first"));
        }
    }

    /** Waits until the function is ready for deliveries: its informers have listed Jobs and pods. */
    void awaitReady() {
        var http = HttpClient.newHttpClient();
        var readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .failFast("the function exited; see " + log, () -> !process.isAlive())
                .until(() -> http.send(readiness, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    /** A job request as a Trigger delivers it: a binary-mode CloudEvent, answered when its Job is done. */
    HttpRequest delivery(String eventId, String source, String request) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofMinutes(10))
                .header("Ce-Specversion", "1.0")
                .header("Ce-Id", eventId)
                .header("Ce-Source", source)
                .header("Ce-Type", "dev.jobrunner.job.requested")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request))
                .build();
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** The most memory the process has held resident, from the kernel's high-water mark. */
    long peakRssKiB() {
        return statusField("VmHWM");
    }

    long rssKiB() {
        return statusField("VmRSS");
    }

    /** Starts the high-water mark of {@link #peakRssKiB()} again from the resident memory now. */
    void resetPeakRss() {
        try {
            // proc(5), /proc/pid/clear_refs: "5" resets the peak resident set size (since Linux 4.0).
            Files.writeString(Path.of("/proc", Long.toString(process.pid()), "clear_refs"), "5");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The heap still in use after a full collection: what the function keeps alive, in KiB.
     * Forces that collection, through the JDK's jcmd.
     */
    long liveHeapKiB() {
        var output = jcmd("GC.run") + jcmd("GC.heap_info");
        return Pattern.compile("total \\d+K, used (\\d+)K")
                .matcher(output)
                .results()
                .mapToLong(used -> Long.parseLong(used.group(1)))
                .sum();
    }

    /** What the heap holds, by class, and the heap's and the JVM's sizes, written beside the function's log. */
    void writeHistogram(String name) throws IOException {
        Files.writeString(
                log.resolveSibling(name),
                jcmd("GC.heap_info") + jcmd("VM.native_memory summary") + jcmd("GC.class_histogram"));
    }

    private String jcmd(String command) {
        try {
            var jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(process.pid()),
                            command)
                    .redirectErrorStream(true)
                    .start();
            var output = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(1, TimeUnit.MINUTES);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long statusField(String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith(field + ":"))
                    .map(line -> line.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops it as Knative does, with SIGTERM: deliveries in flight may finish. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }
}
