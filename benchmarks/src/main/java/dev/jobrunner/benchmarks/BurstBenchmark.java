package dev.jobrunner.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a burst of deliveries at once to one instance of the function and prints what it cost:
 * replies by status, wall time, the function's peak RSS and its live heap while every delivery
 * waits, the most watches it held open, the Jobs created and the API calls it made. Each scenario
 * gets a fresh function, API server and object store.
 *
 * <p>Arguments: scenarios, each a number of distinct deliveries ({@code 300}) or of duplicates of
 * one event ({@code dup100}); {@code -Djobs.runtime=20s} sets how long each Job runs,
 * {@code -Dheap.histograms=true} writes what the heap holds next to each run's function log.
 */
public final class BurstBenchmark {

    private static final Logger logger = LoggerFactory.getLogger(BurstBenchmark.class);
    // The mock server logs every request through java.util.logging; held, so the level sticks.
    private static final java.util.logging.Logger mockServerLog =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");
    private static final String REQUEST = """
            {"image":"registry.example/acme/app:1.0","jobName":"bench","timeOut":5,"inputBucket":"corpus","outputBucket":"results"}""";

    /**
     * With {@code -Dheap.live=true}, the live heap of the idle and of the waiting function, each
     * after a forced full collection: what a waiting delivery costs. Off by default, as those
     * collections change how the heap grows, and so the peak RSS measured.
     */
    private static final boolean LIVE_HEAP = Boolean.getBoolean("heap.live");

    /** With {@code -Dheap.histograms=true}, class histograms of the idle and the waiting function. */
    private static final boolean HISTOGRAMS = Boolean.getBoolean("heap.histograms");

    private BurstBenchmark() {}

    public static void main(String[] args) throws Exception {
        mockServerLog.setLevel(java.util.logging.Level.WARNING);
        var scenarios = args.length == 0 ? List.of("100", "300", "1000", "dup100") : List.of(args);
        var runTime = Duration.parse("PT" + System.getProperty("jobs.runtime", "20s"));
        var repository =
                Path.of(System.getProperty("repository", ".")).toAbsolutePath().normalize();
        var results = new ArrayList<Result>();
        for (var scenario : scenarios) {
            var duplicates = scenario.startsWith("dup");
            var count = Integer.parseInt(duplicates ? scenario.substring(3) : scenario);
            results.add(run(repository, count, duplicates, runTime));
        }
        System.out.println();
        System.out.printf(
                "JVM flags: %s -XX:MaxRAM=%dm; each Job runs %d s%n",
                String.join(" ", FunctionProcess.imageFlags(repository)),
                FunctionProcess.serviceMemoryLimitMiB(repository),
                runTime.toSeconds());
        System.out.println(Result.HEADER);
        results.forEach(result -> System.out.println(result.row()));
    }

    private static Result run(Path repository, int count, boolean duplicates, Duration runTime) throws Exception {
        var work = Files.createDirectories(
                repository.resolve("benchmarks/target/run-" + (duplicates ? "dup" : "") + count));
        try (var api = new ApiServer();
                var cluster = new JobController(api.server(), api.logs(), runTime);
                var storage = new ObjectStorage();
                var function = new FunctionProcess(repository, work, api.url(), storage.endpoint(), storage.keys())) {
            function.awaitReady();
            var idleHeap = LIVE_HEAP ? function.liveHeapKiB() : 0;
            if (HISTOGRAMS) {
                function.writeHistogram("heap-idle.txt");
            }
            var idleRss = function.rssKiB();
            logger.info(
                    "{} {}: function ready, live heap {} KiB, RSS {} KiB",
                    count,
                    duplicates ? "duplicates" : "distinct",
                    idleHeap,
                    idleRss);

            var http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            var resets = new AtomicInteger();
            var started = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> replies;
            try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
                replies = IntStream.range(0, count)
                        .mapToObj(i -> CompletableFuture.supplyAsync(
                                () -> deliver(
                                        http,
                                        function,
                                        duplicates ? "bench-dup" : "bench-" + count + "-" + i,
                                        resets),
                                senders))
                        .toList();
                // Every delivery waits for its Job now (Jobs run for runTime): what the waits cost.
                var expectedJobs = duplicates ? 1 : count;
                Awaitility.await()
                        .atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> cluster.jobs() >= expectedJobs
                                || replies.stream().allMatch(CompletableFuture::isDone));
                if (LIVE_HEAP || HISTOGRAMS) {
                    // What a waiting delivery costs includes its pod's follow: measure once each is followed.
                    Awaitility.await()
                            .atMost(runTime)
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> api.logs().followedPods() >= expectedJobs
                                    || replies.stream().anyMatch(CompletableFuture::isDone));
                }
                var waitingHeap = LIVE_HEAP ? function.liveHeapKiB() : 0;
                if (HISTOGRAMS) {
                    function.writeHistogram("heap-waiting.txt");
                }
                var waitingRss = function.rssKiB();
                logger.info(
                        "All {} Jobs created, {} pods followed: live heap {} KiB, RSS {} KiB",
                        expectedJobs,
                        api.logs().followedPods(),
                        waitingHeap,
                        waitingRss);
                var answers = replies.stream().map(CompletableFuture::join).toList();
                var wall = Duration.ofNanos(System.nanoTime() - started);
                var result = new Result(
                        duplicates ? count + " duplicates" : count + " distinct",
                        byStatus(answers),
                        resets.get(),
                        answers.stream().map(HttpResponse::body).distinct().count(),
                        answers.stream()
                                .filter(answer -> answer.body().contains("\"complete\":false"))
                                .count(),
                        wall,
                        function.peakRssKiB(),
                        LIVE_HEAP ? (waitingHeap - idleHeap) / Math.max(1, expectedJobs) : -1,
                        api.mostWatches(),
                        api.logs().mostFollows(),
                        cluster.jobs(),
                        api.functionCalls(),
                        cluster.failures());
                // Now, not only at the end: a row measured is kept if a later scenario fails.
                logger.info("{}\n{}", Result.HEADER, result.row());
                return result;
            }
        }
    }

    /**
     * One delivery. A connection closed before any answer (the function's listen backlog
     * overflowing when a thousand connections open in the same instant: at Jetty's default of 50,
     * about a quarter of them) is sent again a second later, as a Trigger resends a delivery that
     * got no answer, and counted.
     */
    private static HttpResponse<String> deliver(
            HttpClient http, FunctionProcess function, String eventId, AtomicInteger resets) {
        var request = function.delivery(eventId, "/benchmarks/burst", REQUEST);
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt == 3) {
                    throw new UncheckedIOException(e);
                }
                resets.incrementAndGet();
                pause(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<Integer, Long> byStatus(List<HttpResponse<String>> replies) {
        return replies.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, TreeMap::new, Collectors.counting()));
    }

    private record Result(
            String scenario,
            Map<Integer, Long> statuses,
            int resets,
            long distinctBodies,
            long incompleteLogs,
            Duration wall,
            long peakRssKiB,
            long heapPerWaitKiB,
            int watches,
            int follows,
            int jobs,
            Map<String, Long> apiCalls,
            int clusterFailures) {

        static final String HEADER =
                "scenario         | replies by status | resent after reset | distinct bodies | logs incomplete | wall   | peak RSS | heap per wait | watches | follows | Jobs | API calls (by HTTP version) | cluster failures";

        String row() {
            return "%-16s | %-17s | %18d | %15d | %15d | %5.1fs | %4d MiB | %9s | %7d | %7d | %4d | %-27s | %d"
                    .formatted(
                            scenario,
                            statuses,
                            resets,
                            distinctBodies,
                            incompleteLogs,
                            wall.toMillis() / 1000.0,
                            peakRssKiB / 1024,
                            heapPerWaitKiB < 0 ? "-" : heapPerWaitKiB + " KiB",
                            watches,
                            follows,
                            jobs,
                            apiCalls,
                            clusterFailures);
        }
    }
}
