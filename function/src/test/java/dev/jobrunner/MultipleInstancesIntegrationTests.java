package dev.jobrunner;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.FunctionInstances;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.jobrunner.testing.FunctionInstances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of the function, as Knative runs them when it scales out: they share the
 * cluster and the object store, and between them still start one Job per event and store one
 * complete log.
 */
class MultipleInstancesIntegrationTests {

    @RegisterExtension
    static final FunctionInstances instances = new FunctionInstances();

    @Test
    @DisplayName("Stopped mid-wait: the redelivery to a new instance completes against the same Job")
    void newInstanceCompletesTheJobOfAStoppedOne() {
        // Given: the first instance awaits a running Job
        var jobEnds = new CompletableFuture<Void>();
        instances
                .cluster()
                .script(
                        "survivor",
                        JobScript.succeeds("outlived its function\n").heldUntil(jobEnds));
        var first = instances.start();
        var cutOff = CompletableFuture.supplyAsync(() -> {
            try {
                return new Deliveries(port(first))
                        .binary("evt-survivor", request("survivor"))
                        .statusCode();
            } catch (RuntimeException connectionClosed) {
                return -1;
            }
        });
        await().until(() -> !instances.cluster().jobsFor("survivor").isEmpty());
        var job =
                instances.cluster().jobsFor("survivor").getFirst().getMetadata().getName();

        // When: the instance goes away mid-wait, the Job finishes, Knative redelivers to a new one
        first.close();
        assertThat(cutOff.join()).as("the cut-off delivery got no completion").isNotEqualTo(200);
        var second = instances.start();
        try {
            jobEnds.complete(null);
            var reply = new Deliveries(port(second)).binary("evt-survivor", request("survivor"));

            // Then
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.headers().firstValue("ce-subject")).hasValue(job);
            assertThat(reply.headers().firstValue("ce-jobstatus")).hasValue("succeeded");
            assertThat(instances.cluster().jobsFor("survivor")).hasSize(1);
        } finally {
            second.close();
        }
    }

    @Test
    @DisplayName("One event delivered to two instances at once: one Job, one complete log, identical replies")
    void twoInstancesShareOneJob() {
        // Given: two instances, and a Job that runs until both have the event
        var jobEnds = new CompletableFuture<Void>();
        var log = "written once, read by both\n".repeat(500);
        instances.cluster().script("shared-twice", JobScript.succeeds(log).heldUntil(jobEnds));
        var first = instances.start();
        var second = instances.start();
        try {
            // When
            var replies = Stream.of(first, second)
                    .map(instance -> CompletableFuture.supplyAsync(
                            () -> new Deliveries(port(instance)).binary("evt-shared-twice", request("shared-twice"))))
                    .toList();
            await().until(() -> inFlight(first) >= 1 && inFlight(second) >= 1);
            jobEnds.complete(null);

            // Then
            var one = replies.get(0).join();
            var other = replies.get(1).join();
            assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
            assertThat(other.body()).isEqualTo(one.body());
            assertThat(instances.cluster().jobsFor("shared-twice")).hasSize(1);
            assertThat(one.body()).contains("\"size\":" + log.length());
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    @DisplayName("An instance whose first listings of Jobs fail keeps trying, then serves")
    void listFailuresAtStartUp() {
        // Given: the API server fails the new instance's first listings of its Jobs
        instances.faults().failNext("GET", "/apis/batch/v1/namespaces/test/jobs\\?(?!.*watch=true).*", 500, 2);
        var instance = instances.start();
        try {
            // When: it has got through them and become ready, as Knative waits for, a delivery arrives
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> instances.faults().allServed()
                            && instance.getBean("kubernetes", HealthIndicator.class)
                                    .health()
                                    .getStatus()
                                    .equals(Status.UP));
            var reply = new Deliveries(port(instance)).binary("evt-late-watch", request("late-watch"));

            // Then
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(instances.cluster().jobsFor("late-watch")).hasSize(1);
        } finally {
            instances.faults().clear();
            instance.close();
        }
    }

    private static double inFlight(ConfigurableApplicationContext instance) {
        var active = instance.getBean(MeterRegistry.class)
                .find("http.server.requests.active")
                .longTaskTimer();
        return active == null ? 0 : active.activeTasks();
    }

    private static String request(String jobName) {
        return JobRequests.request(jobName).json();
    }
}
