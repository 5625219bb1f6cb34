package dev.jobrunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.EventSink;
import dev.jobrunner.testing.FunctionInstances;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.jobrunner.testing.FunctionInstances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs whose every delivery was lost still end recorded: an instance that sees one finished, with
 * no record and nobody awaiting it, stores its log and sends its completion event to the sink,
 * once across instances.
 */
class OrphanRecoveryIntegrationTests {

    private static final String COMPLETED = "dev.jobrunner.job.completed";
    // Longer than any second instance takes to see the Job finish and check it, here.
    private static final Duration NO_SECOND_EVENT = Duration.ofSeconds(3);
    private static final EventSink sink = new EventSink();

    @RegisterExtension
    static final FunctionInstances instances =
            new FunctionInstances("jobrunner.events.sink=" + sink.url(), "jobrunner.orphans.grace=1s");

    @AfterAll
    static void stopSink() {
        sink.close();
    }

    @AfterEach
    void clusterRanAsScripted() {
        instances.cluster().verifyNoFailures();
    }

    @Test
    @DisplayName(
            "A delivery lost with its instance, never retried: the next instance to start stores the log and announces the completion")
    void orphanRecordedByTheNextInstance() throws Exception {
        // Given: a Job whose only delivery went with its instance, and that finished while none ran
        var ends = new CompletableFuture<Void>();
        instances
                .cluster()
                .script("orphan", JobScript.succeeds("nobody waited for me\n").heldUntil(ends));
        var job = deliverAndLose("orphan");
        ends.complete(null);
        await().until(() -> finished(job));

        // When: an instance starts, as Knative scales from zero
        try (var next = instances.start()) {
            // Then: the completion reaches the sink, once, and the log is stored whole
            await().until(() -> completionsOf(job).size() == 1);
            await().during(NO_SECOND_EVENT).until(() -> completionsOf(job).size() == 1);
            var completed = completionsOf(job).getFirst();
            assertThat(completed.getId()).isEqualTo("test/" + job);
            assertThat(completed.getExtension("jobstatus")).isEqualTo("succeeded");
            assertThat(completed.getExtension("requestid")).isEqualTo("evt-orphan");
            assertThat(new String(
                            instances
                                    .storage()
                                    .read("results", "logs/" + job + ".log")
                                    .orElseThrow()
                                    .content(),
                            StandardCharsets.UTF_8))
                    .contains("nobody waited for me\n");
            assertThat(recovered(next)).isEqualTo(1);
            await().until(() -> instances.cluster().jobsFor("orphan").stream()
                    .allMatch(stored -> stored.getSpec().getTtlSecondsAfterFinished() == 30));

            // And: a redelivery after all is answered with the same event, nothing started
            var late = new Deliveries(port(next))
                    .binary("evt-orphan", JobRequests.request("orphan").json());
            assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
            assertThat(late.body()).isEqualTo(new String(completed.getData().toBytes(), StandardCharsets.UTF_8));
            assertThat(instances.cluster().jobsFor("orphan")).hasSize(1);
        }
    }

    @Test
    @DisplayName("Two instances see an orphan finish: one stored log, one completion event")
    void twoInstancesRecordAnOrphanOnce() {
        // Given: a lost delivery's Job, running on while two other instances serve
        var ends = new CompletableFuture<Void>();
        instances
                .cluster()
                .script(
                        "orphan-seen-twice",
                        JobScript.succeeds("recorded once\n").heldUntil(ends));
        var job = deliverAndLose("orphan-seen-twice");
        var first = instances.start();
        var second = instances.start();
        try {
            // When
            ends.complete(null);

            // Then
            await().until(() -> completionsOf(job).size() == 1);
            await().during(NO_SECOND_EVENT).until(() -> completionsOf(job).size() == 1);
            assertThat(recovered(first) + recovered(second)).isEqualTo(1);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    @DisplayName("A Job its delivery recorded is not announced again, however long it stays")
    void recordedJobIsNotAnOrphan() {
        instances.cluster().script("awaited", JobScript.succeeds("replied to\n"));
        try (var instance = instances.start()) {
            var reply = new Deliveries(port(instance))
                    .binary("evt-awaited", JobRequests.request("awaited").json());

            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            var job = reply.headers().firstValue("ce-subject").orElseThrow();
            await().during(NO_SECOND_EVENT).until(() -> completionsOf(job).isEmpty());
            assertThat(recovered(instance)).isZero();
        }
    }

    /** Delivers the request to an instance that goes away before its Job ends. */
    private static String deliverAndLose(String jobName) {
        var instance = instances.start();
        var delivery = CompletableFuture.runAsync(() -> {
            try {
                new Deliveries(port(instance))
                        .binary("evt-" + jobName, JobRequests.request(jobName).json());
            } catch (RuntimeException cutOff) {
                // The instance went away mid-wait, as it does when Knative scales it down.
            }
        });
        await().until(() -> !instances.cluster().jobsFor(jobName).isEmpty());
        instance.close();
        delivery.join();
        return instances.cluster().jobsFor(jobName).getFirst().getMetadata().getName();
    }

    private static boolean finished(String job) {
        return instances.cluster().client().batch().v1().jobs().withName(job).get().getStatus().getConditions().stream()
                .anyMatch(condition -> List.of("Complete", "Failed").contains(condition.getType()));
    }

    private static List<CloudEvent> completionsOf(String job) {
        return sink.received(COMPLETED).stream()
                .filter(event -> job.equals(event.getSubject()))
                .toList();
    }

    private static double recovered(ConfigurableApplicationContext instance) {
        var counter = instance.getBean(MeterRegistry.class)
                .find("jobrunner.orphans.recovered")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
