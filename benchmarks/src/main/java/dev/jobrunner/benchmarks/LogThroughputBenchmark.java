package dev.jobrunner.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.UploadObjectArgs;

/**
 * Stores one long log through the function and PUTs the same bytes raw to the same S3 server,
 * round after round, and prints both times, their ratio and the function's resident memory. The
 * function's store is timed from the moment its spool file holds the whole log (the Job is over
 * and its log read) to the reply; the raw PUT is one PutObject of the same bytes from a file,
 * through minio-java as the function's own client, which hashes the payload for its signature as
 * any client must over plain HTTP.
 *
 * <p>Properties: {@code -Dlog.mib=256}, {@code -Drounds=3} (after one warm-up round), and for the function
 * {@code -Dupload.part-size=16MB}, {@code -Dupload.parallel-parts=4} (unset: its defaults).
 */
public final class LogThroughputBenchmark {

    private static final java.util.logging.Logger mockServerLog =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");
    private static final String REQUEST = """
            {"image":"registry.example/acme/app:1.0","jobName":"throughput","timeOut":10,"inputBucket":"corpus","outputBucket":"results"}""";
    private static final Pattern UPLOAD_SECONDS =
            Pattern.compile("(?m)^jobrunner_logs_upload_seconds_sum(?:\\{[^}]*})? (\\S+)$");
    private static final Duration POLL = Duration.ofMillis(5);

    private LogThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        mockServerLog.setLevel(java.util.logging.Level.WARNING);
        var repository =
                Path.of(System.getProperty("repository", ".")).toAbsolutePath().normalize();
        var logBytes = Long.getLong("log.mib", 256) * 1024 * 1024;
        var rounds = Integer.getInteger("rounds", 3);
        var work = Files.createDirectories(repository.resolve("benchmarks/target/run-log-throughput"));
        var spool = work.resolve("spool");
        var log = logOf(logBytes);
        var raw = Files.writeString(work.resolve("raw.log"), log);
        var arguments = new ArrayList<>(List.of("--jobrunner.logs.spool-directory=" + spool));
        for (var setting : List.of("part-size", "parallel-parts")) {
            var value = System.getProperty("upload." + setting);
            if (value != null) {
                arguments.add("--jobrunner.storage.upload." + setting + "=" + value);
            }
        }
        var results = new ArrayList<Round>();
        try (var api = new ApiServer();
                var cluster = new JobController(api.server(), api.logs(), Duration.ofSeconds(1), log);
                var storage = new ObjectStorage();
                var function = new FunctionProcess(
                        repository, work, api.url(), storage.endpoint(), storage.keys(), arguments)) {
            function.awaitReady();
            var s3 = MinioClient.builder()
                    .endpoint(storage.endpoint())
                    .credentials(storage.keys().get(0), storage.keys().get(1))
                    .build();
            s3.makeBucket(MakeBucketArgs.builder().bucket("raw").build());
            var http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            var idleRss = function.rssKiB();
            // Round 0 warms both up (the JIT, s3proxy's buffers): printed, not in the medians.
            for (int round = 0; round <= rounds; round++) {
                var rawSeconds = rawPut(s3, raw, "raw-" + round + ".log");
                var result = store(function, http, spool, logBytes, round, idleRss, rawSeconds);
                result.print(round);
                if (round > 0) {
                    results.add(result);
                }
                // The store is in this process's memory: keep it to one log at a time.
                s3.removeObject(RemoveObjectArgs.builder()
                        .bucket("raw")
                        .object("raw-" + round + ".log")
                        .build());
                if (s3.bucketExists(BucketExistsArgs.builder().bucket("results").build())) {
                    for (var object : s3.listObjects(ListObjectsArgs.builder()
                            .bucket("results")
                            .recursive(true)
                            .build())) {
                        s3.removeObject(RemoveObjectArgs.builder()
                                .bucket("results")
                                .object(object.get().objectName())
                                .build());
                    }
                }
            }
            if (cluster.failures() > 0) {
                System.out.println(
                        "the Job controller failed " + cluster.failures() + " time(s): nothing was measured");
            }
        }
        System.out.println();
        System.out.printf(
                "JVM flags: %s -XX:MaxRAM=%dm; log %d MiB; upload settings %s%n",
                String.join(" ", FunctionProcess.imageFlags(repository)),
                FunctionProcess.serviceMemoryLimitMiB(repository),
                logBytes >> 20,
                arguments.subList(1, arguments.size()).isEmpty()
                        ? "the function's defaults"
                        : arguments.subList(1, arguments.size()));
        System.out.printf(
                "median of %d: raw PUT %.2f s, function's store %.2f s, ratio %.2f, store's RSS growth %d MiB, delivery's peak RSS %d MiB (%d MiB over idle)%n",
                results.size(),
                median(results, Round::rawSeconds),
                median(results, Round::storeSeconds),
                median(results, Round::ratio),
                (long) median(results, r -> r.storeGrowthKiB() >> 10),
                (long) median(results, r -> r.peakKiB() >> 10),
                (long) median(results, r -> (r.peakKiB() - r.idleKiB()) >> 10));
    }

    /** Text lines, as a Job writes them, {@code bytes} long in all. */
    private static String logOf(long bytes) {
        var log = new StringBuilder((int) bytes);
        for (long line = 0; log.length() < bytes; line++) {
            log.append("line ")
                    .append(line)
                    .append(" of the log-throughput benchmark's Job, padded to look like output\n");
        }
        log.setLength((int) bytes);
        return log.toString();
    }

    private static double rawPut(MinioClient s3, Path file, String object) throws Exception {
        var size = Files.size(file);
        var started = System.nanoTime();
        // One part as long as the file: a single PutObject, the part read from the file, never buffered.
        s3.uploadObject(UploadObjectArgs.builder()
                .bucket("raw")
                .object(object)
                .filename(file.toString(), Math.max(size, 5L * 1024 * 1024))
                .build());
        return (System.nanoTime() - started) / 1e9;
    }

    private static Round store(
            FunctionProcess function, HttpClient http, Path spool, long logBytes, int round, long idleRss, double raw)
            throws Exception {
        var timerBefore = uploadSeconds(http, function.port());
        var reply = CompletableFuture.supplyAsync(() -> deliver(http, function, "log-throughput-" + round));
        // The Job is over and its log read into the spool: the store begins.
        while (!spooled(spool, logBytes)) {
            if (reply.isDone()) {
                throw new IllegalStateException(
                        "replied before the log was spooled: " + reply.join().body());
            }
            Thread.sleep(POLL);
        }
        var peakBefore = function.peakRssKiB();
        function.resetPeakRss();
        var startRss = function.rssKiB();
        var started = System.nanoTime();
        var answer = reply.join();
        var seconds = (System.nanoTime() - started) / 1e9;
        if (answer.statusCode() != 200 || !answer.body().contains("\"size\":" + logBytes)) {
            throw new IllegalStateException("the function answered " + answer.statusCode() + ": " + answer.body());
        }
        var storePeak = function.peakRssKiB();
        return new Round(
                raw,
                seconds,
                uploadSeconds(http, function.port()) - timerBefore,
                idleRss,
                startRss,
                storePeak,
                Math.max(peakBefore, storePeak));
    }

    private static boolean spooled(Path spool, long logBytes) throws IOException {
        if (!Files.isDirectory(spool)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile).anyMatch(file -> {
                try {
                    return Files.size(file) == logBytes;
                } catch (IOException gone) {
                    return false;
                }
            });
        }
    }

    private static double uploadSeconds(HttpClient http, int port) throws Exception {
        var metrics = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        var sum = UPLOAD_SECONDS.matcher(metrics);
        return sum.find() ? Double.parseDouble(sum.group(1)) : 0;
    }

    private static HttpResponse<String> deliver(HttpClient http, FunctionProcess function, String eventId) {
        var request = function.delivery(eventId, "/benchmarks/log-throughput", REQUEST);
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> value) {
        var sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * @param rawSeconds the raw PUT
     * @param storeSeconds from the whole log in the spool to the reply
     * @param timerSeconds the function's own {@code jobrunner.logs.upload} timer for it
     * @param idleKiB the function's RSS once ready, before any delivery
     * @param startKiB its RSS as the store began
     * @param storePeakKiB its peak RSS from then to the reply
     * @param peakKiB its peak RSS over the whole delivery (reading the log included)
     */
    private record Round(
            double rawSeconds,
            double storeSeconds,
            double timerSeconds,
            long idleKiB,
            long startKiB,
            long storePeakKiB,
            long peakKiB) {

        double ratio() {
            return rawSeconds / storeSeconds;
        }

        long storeGrowthKiB() {
            return storePeakKiB - startKiB;
        }

        void print(int round) {
            if (round == 0) {
                System.out.println(
                        "round   | raw PUT | store (timer)   | ratio raw/store | RSS idle | at store start | store peak (growth) | delivery peak (over idle)");
            }
            System.out.printf(
                    "%-7s | %6.2fs | %5.2fs (%5.2fs) | %15.2f | %4d MiB | %10d MiB | %8d MiB (%4d MiB) | %8d MiB (%4d MiB)%n",
                    round == 0 ? "warm-up" : Integer.toString(round),
                    rawSeconds,
                    storeSeconds,
                    timerSeconds,
                    ratio(),
                    idleKiB >> 10,
                    startKiB >> 10,
                    storePeakKiB >> 10,
                    storeGrowthKiB() >> 10,
                    peakKiB >> 10,
                    (peakKiB - idleKiB) >> 10);
        }
    }
}
