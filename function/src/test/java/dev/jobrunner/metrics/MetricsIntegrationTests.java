package dev.jobrunner.metrics;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.StorageContents;
import dev.jobrunner.testing.TestJobController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metrics as Prometheus reads them: {@code /actuator/prometheus} over real HTTP, after real
 * deliveries. Counts are compared with a scrape taken before, as other tests may share the context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({KubernetesTestCluster.class, S3TestStorage.class})
class MetricsIntegrationTests {

    private static final String IMAGE = "registry.example/acme/wordcount:1.0";

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @Autowired
    StorageContents storage;

    @AfterEach
    void clusterRanAsScripted() {
        cluster.verifyNoFailures();
    }

    @Test
    @DisplayName("After a succeeded Job, a failed one and a redelivery: each counted once, by status and reason")
    void jobsCountedByStatusAndReason() throws Exception {
        // Given
        var deliveries = new Deliveries(port);
        cluster.script("metrics-ok", JobScript.succeeds("counted 42 words\n"));
        cluster.script("metrics-bad", JobScript.fails("no such file\n"));
        var before = PrometheusScrape.of(port);

        // When
        assertThat(deliveries.binary("evt-metrics-ok", request("metrics-ok")).statusCode())
                .isEqualTo(200);
        assertThat(deliveries.binary("evt-metrics-bad", request("metrics-bad")).statusCode())
                .isEqualTo(200);
        assertThat(deliveries.binary("evt-metrics-ok", request("metrics-ok")).statusCode())
                .isEqualTo(200);

        // Then
        var after = PrometheusScrape.of(port);
        assertThat(increase(before, after, "jobrunner_jobs_started_total", Map.of()))
                .isEqualTo(2);
        assertThat(increase(before, after, "jobrunner_jobs_completed_total", Map.of("status", "succeeded")))
                .isEqualTo(1);
        assertThat(increase(
                        before,
                        after,
                        "jobrunner_jobs_completed_total",
                        Map.of("status", "failed", "reason", "BackoffLimitExceeded")))
                .isEqualTo(1);
        assertThat(increase(before, after, "jobrunner_redeliveries_answered_total", Map.of()))
                .isEqualTo(1);
        assertThat(increase(before, after, "jobrunner_jobs_wait_seconds_count", Map.of()))
                .isEqualTo(2);
        assertThat(increase(before, after, "jobrunner_jobs_run_seconds_count", Map.of()))
                .isEqualTo(2);
        assertThat(after.has("jobrunner_jobs_run_seconds_bucket"))
                .as("run time histogram")
                .isTrue();
        assertThat(increase(before, after, "jobrunner_logs_upload_seconds_count", Map.of()))
                .isEqualTo(2);
        assertThat(increase(before, after, "jobrunner_logs_stored_bytes_sum", Map.of()))
                .isEqualTo(storedSize("metrics-ok") + storedSize("metrics-bad"));
        assertThat(after.sum("jobrunner_deliveries_waiting")).isZero();
        assertThat(increase(
                        before, after, "http_server_requests_seconds_count", Map.of("status", "200", "method", "POST")))
                .isEqualTo(3);
    }

    @Test
    @DisplayName("A delivery awaiting its Job shows as waiting until it is answered")
    void waitingDeliveryIsGauged() {
        // Given
        var deliveries = new Deliveries(port);
        var release = new CompletableFuture<Void>();
        cluster.script("metrics-held", JobScript.succeeds("done\n").heldUntil(release));

        // When
        var reply = CompletableFuture.supplyAsync(() -> deliveries.binary("evt-metrics-held", request("metrics-held")));

        // Then
        await().untilAsserted(() -> assertThat(PrometheusScrape.of(port).sum("jobrunner_deliveries_waiting"))
                .isEqualTo(1));
        release.complete(null);
        assertThat(reply.join().statusCode()).isEqualTo(200);
        assertThat(PrometheusScrape.of(port).sum("jobrunner_deliveries_waiting"))
                .isZero();
    }

    @Test
    @DisplayName("Informer state and resilience4j's breakers, retries and bulkheads are exposed")
    void informerAndResilienceMetricsAreExposed() {
        // When
        var scrape = PrometheusScrape.of(port);

        // Then
        assertThat(scrape.sum("jobrunner_informer_synced", Map.of("kind", "jobs")))
                .isEqualTo(1);
        assertThat(scrape.sum("jobrunner_informer_synced", Map.of("kind", "pods")))
                .isEqualTo(1);
        assertThat(scrape.sum("jobrunner_informer_watching", Map.of("kind", "jobs")))
                .isEqualTo(1);
        assertThat(scrape.has("resilience4j_circuitbreaker_state")).isTrue();
        assertThat(scrape.has("resilience4j_retry_calls_total")).isTrue();
        assertThat(scrape.has("resilience4j_bulkhead_available_concurrent_calls"))
                .isTrue();
    }

    private static double increase(
            PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private long storedSize(String jobName) throws Exception {
        var job = cluster.jobsFor(jobName).getFirst().getMetadata().getName();
        return storage.read("results", "logs/" + job + ".log").orElseThrow().content().length;
    }

    private static String request(String jobName) {
        return JobRequests.request(jobName).with("image", IMAGE).json();
    }
}
