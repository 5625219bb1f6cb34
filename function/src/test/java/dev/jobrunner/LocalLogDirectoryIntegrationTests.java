package dev.jobrunner;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.TestJobController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A newcomer with a cluster but no object store: logs go to a local directory, and a log that
 * cannot be stored keeps its Job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(KubernetesTestCluster.class)
class LocalLogDirectoryIntegrationTests {

    private static final long SAFETY_TTL = 7 * 24 * 3600;

    @TempDir
    static Path logDirectory;

    @DynamicPropertySource
    static void logsInTheTemporaryDirectory(DynamicPropertyRegistry registry) {
        registry.add("jobrunner.storage.local-directory", () -> logDirectory.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @AfterEach
    void clusterRanAsScripted() {
        cluster.verifyNoFailures();
    }

    Deliveries deliveries;

    @BeforeEach
    void setUp() {
        deliveries = new Deliveries(port);
    }

    @Test
    @DisplayName("Without a storage endpoint, the log lands in the local directory, one folder per bucket")
    void logInLocalDirectory() throws Exception {
        cluster.script("local", JobScript.succeeds("kept on disk\n"));

        var reply = deliveries.binary("evt-local", request("local", "notes"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        var name = cluster.jobsFor("local").getFirst().getMetadata().getName();
        assertThat(logDirectory.resolve("notes/logs/" + name + ".log")).hasContent("kept on disk");
    }

    @Test
    @DisplayName("An output bucket whose folder cannot be made: 400 naming outputBucket, and no Job runs")
    void outputBucketThatCannotBeMadeFailsBeforeTheJob() throws Exception {
        // Given
        Files.writeString(logDirectory.resolve("occupied"), "a file where the bucket folder goes");

        // When
        var reply = deliveries.binary("evt-occupied", request("occupied", "occupied"));

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(400);
        assertThat(reply.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(reply.body()).contains("outputBucket: bucket 'occupied' cannot be made");
        assertThat(cluster.jobsFor("occupied")).isEmpty();
    }

    @Test
    @DisplayName(
            "A log that cannot be stored keeps its Job (503); the redelivery stores it and only then lets the Job go")
    void jobKeptUntilLogStored() throws Exception {
        // Given: the output bucket's folder is there, but its logs folder cannot be created
        cluster.script("guarded", JobScript.succeeds("precious output\n"));
        Files.createDirectories(logDirectory.resolve("blocked"));
        var blocked = Files.writeString(logDirectory.resolve("blocked/logs"), "a file where the logs folder goes");

        // When
        var refused = deliveries.binary("evt-guarded", request("guarded", "blocked"));

        // Then
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("Log storage unavailable").contains("the Job is kept");
        var job = cluster.jobsFor("guarded").getFirst();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).as("safety TTL").isEqualTo((int) SAFETY_TTL);

        // When the store works again and Knative redelivers
        Files.delete(blocked);
        var stored = deliveries.binary("evt-guarded", request("guarded", "blocked"));

        // Then
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        var name = job.getMetadata().getName();
        assertThat(logDirectory.resolve("blocked/logs/" + name + ".log")).hasContent("precious output");
        // The clean-up runs after the reply, on its own thread.
        await().untilAsserted(() -> assertThat(cluster.jobsFor("guarded"))
                .singleElement()
                .satisfies(j ->
                        assertThat(j.getSpec().getTtlSecondsAfterFinished()).isEqualTo(30)));
    }

    private static String request(String jobName, String outputBucket) {
        return JobRequests.request(jobName)
                .with("image", "busybox:1.36")
                .without("timeOut")
                .with("outputBucket", outputBucket)
                .json();
    }
}
