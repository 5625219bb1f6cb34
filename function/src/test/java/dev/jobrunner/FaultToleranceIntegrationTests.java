package dev.jobrunner;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import dev.jobrunner.testing.ApiFaults;
import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.StorageContents;
import dev.jobrunner.testing.TestJobController;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing lost, nothing doubled: the Kubernetes API and object storage fail in the ways they do
 * in production, and every accepted request still ends in exactly one Job and one complete log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({KubernetesTestCluster.class, S3TestStorage.class})
class FaultToleranceIntegrationTests {

    private static final String JOBS = "/apis/batch/v1/namespaces/test/jobs";
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @Autowired
    ApiFaults faults;

    @Autowired
    S3Server s3;

    @Autowired
    StorageContents storage;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    BulkheadRegistry bulkheads;

    @Autowired
    MeterRegistry meters;

    Deliveries deliveries;

    @BeforeEach
    void setUp() {
        deliveries = new Deliveries(port);
    }

    @AfterEach
    void restoreDependencies() {
        faults.clear();
        breakers.getAllCircuitBreakers().forEach(breaker -> breaker.reset());
    }

    @Test
    @DisplayName("Creating the Job answered with 500, then 429: retried, one Job, a normal reply")
    void createFailsTransiently() {
        faults.failNext("POST", JOBS, 500, 1);
        faults.failNext("POST", JOBS, 429, 1);

        var reply = deliveries.binary("evt-create-faults", request("create-faults"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(faults.allServed()).isTrue();
        assertThat(cluster.jobsFor("create-faults")).hasSize(1);
    }

    @Test
    @DisplayName("Listing pods and reading a log answered with 503, a read that hangs: retried, the whole log stored")
    void podsAndLogsFailTransiently() throws Exception {
        cluster.script("log-faults", JobScript.succeeds("every line\nkept\n"));
        // Only the listing of a Job's pods, not the informer's list or watch of all pods.
        faults.failNext(
                "GET",
                "/api/v1/namespaces/test/pods\\?labelSelector=batch.kubernetes.io%2Fjob-name%3Dlog-faults-[^&]*",
                503,
                1);
        faults.failNext("GET", "/api/v1/namespaces/test/pods/log-faults-.*/log\\?.*", 500, 1);
        faults.hangNext("GET", "/api/v1/namespaces/test/pods/log-faults-.*/log\\?.*", Duration.ofSeconds(7), 1);

        var reply = deliveries.binary("evt-log-faults", request("log-faults"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(faults.allServed()).isTrue();
        assertThat(storedLog(reply)).isEqualTo("every line\nkept\n");
    }

    @Test
    @DisplayName("Reading the existing Job after a conflict hangs once: retried, that Job awaited, no other")
    void getAfterConflictHangs() {
        // Given: another instance created this event's Job; reading it hangs once
        var name = cluster.createAsAnotherInstance("get-faults", Deliveries.SOURCE, "evt-get-faults");
        faults.hangNext("GET", JOBS + "/" + name, Duration.ofSeconds(7), 1);

        // When
        var reply = deliveries.binary("evt-get-faults", request("get-faults"));

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(faults.allServed()).isTrue();
        assertThat(cluster.jobsFor("get-faults"))
                .singleElement()
                .satisfies(job -> assertThat(job.getMetadata().getName()).isEqualTo(name));
    }

    @Test
    @DisplayName(
            "Storage down when the Job ends: 503 and the Job kept; back up, the redelivery stores the complete log")
    void storageDownWhenJobEnds() throws Exception {
        // Given: the Job runs while the object store goes down
        var jobEnds = new CompletableFuture<Void>();
        var log = "results the user needs\n".repeat(1000);
        cluster.script("storage-outage", JobScript.succeeds(log).heldUntil(jobEnds));
        var delivery =
                CompletableFuture.supplyAsync(() -> deliveries.binary("evt-storage-outage", request("storage-outage")));
        await().until(() -> !cluster.jobsFor("storage-outage").isEmpty());
        s3.stop();
        try {
            // When
            jobEnds.complete(null);
            var refused = delivery.join();

            // Then
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("Log storage unavailable").doesNotContain(S3TestStorage.SECRET_KEY);
            assertThat(cluster.jobsFor("storage-outage"))
                    .singleElement()
                    .satisfies(job -> assertThat(job.getSpec().getTtlSecondsAfterFinished())
                            .isEqualTo(7 * 24 * 3600));
        } finally {
            s3.start();
        }

        // When Knative redelivers
        var stored = deliveries.binary("evt-storage-outage", request("storage-outage"));

        // Then
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(storedLog(stored)).isEqualTo(log);
        assertThat(cluster.jobsFor("storage-outage"))
                .singleElement()
                .satisfies(job ->
                        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(30));
    }

    @Test
    @DisplayName("Storage down when a delivery arrives: 503 and no Job, since the completion record cannot be checked")
    void storageDownOnArrival() throws Exception {
        s3.stop();
        try {
            var refused = deliveries.binary("evt-storage-first", request("storage-first"));

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(cluster.jobsFor("storage-first")).isEmpty();
        } finally {
            s3.start();
        }
    }

    @Test
    @DisplayName("Circuit breaker open: 503 at once, the API server is not called")
    void breakerOpen() {
        breakers.circuitBreaker("kubernetes").transitionToForcedOpenState();

        var reply = deliveries.binary("evt-breaker", request("breaker"));

        assertThat(reply.statusCode()).isEqualTo(503);
        assertThat(reply.body()).contains("CircuitBreaker 'kubernetes'");
        breakers.circuitBreaker("kubernetes").reset();
        assertThat(cluster.jobsFor("breaker")).isEmpty();
    }

    @Test
    @DisplayName("Bulkhead full: the next distinct job gets 429, the held one still completes")
    void bulkheadFull() {
        var jobs = bulkheads.bulkhead("jobs");
        var configured = jobs.getBulkheadConfig();
        jobs.changeConfig(BulkheadConfig.from(configured).maxConcurrentCalls(1).build());
        try {
            var release = new CompletableFuture<Void>();
            cluster.script("occupant", JobScript.succeeds("occupant\n").heldUntil(release));
            var occupant = CompletableFuture.supplyAsync(() -> deliveries.binary("evt-occupant", request("occupant")));
            await().until(() -> !cluster.jobsFor("occupant").isEmpty());

            var turnedAway = deliveries.binary("evt-latecomer", request("latecomer"));

            assertThat(turnedAway.statusCode()).isEqualTo(429);
            assertThat(turnedAway.body()).contains("Too many Jobs in flight");
            assertThat(cluster.jobsFor("latecomer")).isEmpty();
            release.complete(null);
            assertThat(occupant.join().statusCode()).isEqualTo(200);
        } finally {
            jobs.changeConfig(configured);
        }
    }

    @Test
    @DisplayName("A hundred concurrent deliveries of one event: one Job, a hundred identical replies")
    void hundredConcurrentDeliveries() throws Exception {
        var allDelivered = new CompletableFuture<Void>();
        cluster.script("stampede", JobScript.succeeds("once only\n").heldUntil(allDelivered));

        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var replies = IntStream.range(0, 100)
                    .mapToObj(i -> pool.submit(() -> deliveries.binary("evt-stampede", request("stampede"))))
                    .toList();
            // Release the Job only once all hundred are in flight, so they really overlap.
            await().until(() -> requestsInFlight() >= 100);
            allDelivered.complete(null);

            var first = replies.getFirst().get();
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            for (var reply : replies) {
                assertThat(reply.get().statusCode()).isEqualTo(200);
                assertThat(reply.get().body()).isEqualTo(first.body());
                assertThat(reply.get().headers().firstValue("ce-id"))
                        .isEqualTo(first.headers().firstValue("ce-id"));
            }
        }
        assertThat(cluster.jobsFor("stampede")).hasSize(1);
    }

    private double requestsInFlight() {
        var active = meters.find("http.server.requests.active").longTaskTimer();
        return active == null ? 0 : active.activeTasks();
    }

    private String storedLog(HttpResponse<String> reply) throws Exception {
        var object = json.readTree(reply.body()).at("/log/object").stringValue();
        return new String(storage.read("results", object).orElseThrow().content(), StandardCharsets.UTF_8);
    }

    private static String request(String jobName) {
        return """
                {"image":"registry.example/acme/app:1.0","jobName":"%s","timeOut":5,"inputBucket":"corpus","outputBucket":"results"}""".formatted(jobName);
    }
}
