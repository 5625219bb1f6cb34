package dev.jobrunner;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.jobrunner.testing.ApiFaults;
import dev.jobrunner.testing.ApiOutage;
import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.Http2TestCluster;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.TestJobController;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bursts on one instance, against an API server that allows 100 concurrent HTTP/2 streams, as
 * kube-apiserver does: every delivery waits its turn and gets its Job and its reply; the API
 * server's back-pressure is waited out, and an outage in the middle of a burst is ridden out
 * through Knative's redeliveries.
 *
 * <p>Time is scaled down by 20 for Knative's redelivery backoff (10 s doubling, 5 retries:
 * here 0.5 s doubling) and the breaker's open state (30 s: here 1.5 s); the outage lasts its
 * full 5 s.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "resilience4j.circuitbreaker.instances.kubernetes.wait-duration-in-open-state=1500ms")
@Import({Http2TestCluster.class, S3TestStorage.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BurstIntegrationTests {

    private static final String JOBS = "/apis/batch/v1/namespaces/test/jobs";
    private static final Duration FIRST_REDELIVERY = Duration.ofMillis(500);
    private static final int KNATIVE_RETRIES = 5;

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @Autowired
    ApiOutage outage;

    @Autowired
    ApiFaults faults;

    @Autowired
    RateLimiterRegistry rateLimiters;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    KubernetesClient mainClient;

    @Autowired
    @Qualifier("logStreams")
    KubernetesClient logStreams;

    /** One thread per delivery, as many as Knative holds open. */
    final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    Deliveries deliveries;

    @BeforeEach
    void setUp() {
        deliveries = new Deliveries(port);
    }

    @AfterAll
    void stopDeliveries() {
        pool.close();
    }

    @AfterEach
    void clusterRanAsScripted() {
        cluster.verifyNoFailures();
        breakers.getAllCircuitBreakers().forEach(breaker -> breaker.reset());
        faults.clear();
    }

    @Test
    @DisplayName("300 distinct deliveries at once, past the API server's 100 streams: 300 replies 200, 300 Jobs")
    void threeHundredDistinctDeliveriesAtOnce() {
        // Given: Jobs that succeed at once
        cluster.script("burst", JobScript.succeeds("burst\n"));

        // When
        var sent = IntStream.range(0, 300)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> deliveries.binary("evt-burst-" + i, request("burst")), pool))
                .toList();
        var replies = sent.stream().map(CompletableFuture::join).toList();

        // Then
        assertThat(byStatus(replies)).isEqualTo(Map.of(200, 300L));
        assertThat(replies)
                .allSatisfy(reply ->
                        assertThat(reply.headers().firstValue("ce-jobstatus")).hasValue("succeeded"));
        assertThat(cluster.jobsFor("burst")).hasSize(300);
    }

    @Test
    @DisplayName(
            "A 5-second outage (every call 500) during 20 duplicates: all end in 200 within Knative's retries, one Job")
    void outageDuringDuplicatesIsRiddenOut() {
        // Given: the API server answers every call of the function with 500 for 5 s
        cluster.script("outage", JobScript.succeeds("after the outage\n"));
        outage.startFor(Duration.ofSeconds(5));

        // When: 20 copies of one event arrive at once, each redelivered as Knative would
        var sent = IntStream.range(0, 20)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> "evt-outage", pool)
                        .thenCompose(id -> deliverWithRedeliveries(id, request("outage"))))
                .toList();
        var ends = sent.stream().map(CompletableFuture::join).toList();

        // Then
        assertThat(outage.refused()).as("calls answered 500 during the outage").isPositive();
        assertThat(ends)
                .as("each delivery's last answer")
                .allSatisfy(end -> assertThat(end.reply().statusCode())
                        .as(end.reply().body())
                        .isEqualTo(200));
        assertThat(ends.stream().map(end -> end.reply().body()).distinct()).hasSize(1);
        assertThat(ends.stream().mapToInt(Delivery::attempts).max().orElseThrow())
                .as("some delivery was refused while the API server was down")
                .isGreaterThan(1);
        assertThat(cluster.jobsFor("outage")).hasSize(1);
    }

    @Test
    @DisplayName(
            "The API server asks to slow down five times, more than the retries allow: waited out, 200, the breaker counts nothing")
    void backPressureIsWaitedOut() {
        // Given
        faults.failNext("POST", JOBS, 429, 5);

        // When
        var reply = deliveries.binary("evt-slow-down", request("slow-down"));

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(faults.allServed()).isTrue();
        assertThat(cluster.jobsFor("slow-down")).hasSize(1);
        assertThat(breakers.circuitBreaker("kubernetes").getMetrics().getNumberOfFailedCalls())
                .isZero();
    }

    @Test
    @DisplayName(
            "Still asked to slow down when a 60-minute Job's create runs out of patience: 429, no Job, breaker closed")
    void createQueuedPastItsPatienceIsAnswered429() {
        // Given: a Job as long as any may be, so its create waits only the usual patience, here 2 s
        var turns = rateLimiters.rateLimiter("kubernetes");
        var patience = turns.getRateLimiterConfig().getTimeoutDuration();
        turns.changeTimeoutDuration(Duration.ofSeconds(2));
        faults.failNext("POST", JOBS, 429, 1000);
        try {
            // When
            var reply = deliveries.binary(
                    "evt-no-turn",
                    JobRequests.request("no-turn").with("timeOut", 60).json());

            // Then
            assertThat(reply.statusCode()).isEqualTo(429);
            assertThat(reply.body()).contains("did not get its turn within 2 s");
            assertThat(cluster.jobsFor("no-turn")).isEmpty();
            assertThat(breakers.circuitBreaker("kubernetes").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        } finally {
            faults.clear();
            turns.changeTimeoutDuration(patience);
        }
    }

    @Test
    @DisplayName(
            "Log follows get a client of their own: the same cluster and settings over HTTP/1.1, asked for by name")
    void logStreamsHaveAnHttp1ClientOfTheirOwn() {
        var main = mainClient.getConfiguration();
        var follows = logStreams.getConfiguration();

        assertThat(logStreams).isNotSameAs(mainClient);
        assertThat(main.isHttp2Disable()).as("the main client keeps HTTP/2").isFalse();
        assertThat(follows.isHttp2Disable()).isTrue();
        assertThat(follows.getMasterUrl()).isEqualTo(main.getMasterUrl());
        assertThat(follows.getNamespace()).isEqualTo(main.getNamespace());
        assertThat(follows.getUserAgent()).isEqualTo(main.getUserAgent());
        assertThat(follows.getRequestRetryBackoffLimit()).isZero();
        assertThat(logStreams.pods().list().getItems()).isNotNull();
    }

    /**
     * Sends the event as a Trigger does: a 429 or 5xx is sent again after an exponential backoff,
     * up to Knative's number of retries.
     */
    private CompletableFuture<Delivery> deliverWithRedeliveries(String eventId, String data) {
        return send(eventId, data, 1, FIRST_REDELIVERY);
    }

    private CompletableFuture<Delivery> send(String eventId, String data, int attempt, Duration nextBackoff) {
        var reply = deliveries.binary(eventId, data);
        if ((reply.statusCode() != 429 && reply.statusCode() < 500) || attempt > KNATIVE_RETRIES) {
            return CompletableFuture.completedFuture(new Delivery(reply, attempt));
        }
        var later = CompletableFuture.delayedExecutor(nextBackoff.toMillis(), TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(() -> eventId, later)
                .thenCompose(id -> send(id, data, attempt + 1, nextBackoff.multipliedBy(2)));
    }

    private static Map<Integer, Long> byStatus(List<HttpResponse<String>> replies) {
        return replies.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    }

    /**
     * The longest timeOut: a burst is about turns, not deadlines, and the test cluster's clock runs
     * a hundred times faster, so a 5-minute deadline is 3 s here, which a machine busy with 300
     * Jobs can miss.
     */
    private static String request(String jobName) {
        return JobRequests.request(jobName).with("timeOut", 60).json();
    }

    /** A delivery's last reply, after this many sends. */
    private record Delivery(HttpResponse<String> reply, int attempts) {}
}
