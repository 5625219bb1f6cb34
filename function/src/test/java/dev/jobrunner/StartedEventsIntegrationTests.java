package dev.jobrunner;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.EventSink;
import dev.jobrunner.testing.FunctionInstances;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.TestJobController;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.jobrunner.testing.FunctionInstances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code dev.jobrunner.job.started} event: sent to the sink once per Job when its container
 * starts, whichever instances see it start and however often its event is delivered.
 */
class StartedEventsIntegrationTests {

    private static final String STARTED = "dev.jobrunner.job.started";
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final EventSink sink = new EventSink();

    // As a SinkBinding with ceOverrides gives them, in K_SINK and K_CE_OVERRIDES.
    @RegisterExtension
    static final FunctionInstances instances = new FunctionInstances(
            "jobrunner.events.sink=" + sink.url(),
            "jobrunner.events.ce-overrides={\"extensions\":{\"team\":\"batch\"}}");

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
            "Given a sink, a Job's start is announced once, with its pod, node, start time and the binding's overrides, also across a redelivery")
    void startIsAnnouncedOnce() {
        instances.cluster().script("announced", JobScript.succeeds("started and done\n"));
        try (var instance = instances.start()) {
            // When: delivered, then redelivered once it is done
            var reply = new Deliveries(port(instance)).binary("evt-announced", request("announced"));
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            var redelivered = new Deliveries(port(instance)).binary("evt-announced", request("announced"));
            assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(200);

            // Then
            var job = reply.headers().firstValue("ce-subject").orElseThrow();
            var pod = instances.cluster().podsOf(job).getFirst();
            var started = awaitOnlyStartedEvent(instance, job);
            assertThat(started.getId()).isEqualTo("test/" + job + "/started");
            assertThat(started.getSource()).hasToString("/job-runner");
            assertThat(started.getExtension("jobname")).isEqualTo("announced");
            assertThat(started.getExtension("requestid")).isEqualTo("evt-announced");
            assertThat(started.getExtension("requestsource")).isEqualTo(Deliveries.SOURCE);
            assertThat(started.getExtension("team"))
                    .as("the SinkBinding's ceOverrides")
                    .isEqualTo("batch");
            var data = data(started);
            assertThat(data.path("pod").stringValue())
                    .isEqualTo(pod.getMetadata().getName());
            assertThat(data.path("node").stringValue()).isEqualTo(TestJobController.NODE);
            assertThat(data.path("startTime").stringValue())
                    .isEqualTo(pod.getStatus()
                            .getContainerStatuses()
                            .getFirst()
                            .getState()
                            .getTerminated()
                            .getStartedAt());
            assertThat(data.path("job").path("name").stringValue()).isEqualTo(job);
        }
    }

    @Test
    @DisplayName("Two instances see one Job start: one started event")
    void twoInstancesAnnounceOnce() {
        // Given: two instances awaiting one Job that starts only once both have its event
        var start = new CompletableFuture<Void>();
        instances
                .cluster()
                .script("seen-twice", JobScript.succeeds("seen by both\n").heldUntil(start));
        var first = instances.start();
        var second = instances.start();
        try {
            var replies = Stream.of(first, second)
                    .map(instance -> CompletableFuture.supplyAsync(
                            () -> new Deliveries(port(instance)).binary("evt-seen-twice", request("seen-twice"))))
                    .toList();
            await().until(() -> !instances.cluster().jobsFor("seen-twice").isEmpty());

            // When
            start.complete(null);

            // Then
            var job =
                    replies.getFirst().join().headers().firstValue("ce-subject").orElseThrow();
            assertThat(replies.getLast().join().statusCode()).isEqualTo(200);
            awaitOnlyStartedEvent(first, job);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    @DisplayName("A Job that retries is announced once, for its first pod")
    void retriedJobIsAnnouncedOnce() {
        instances.cluster().script("retried", JobScript.fails("first try\n", "second try\n"));
        try (var instance = instances.start()) {
            var reply = new Deliveries(port(instance))
                    .binary(
                            "evt-retried",
                            JobRequests.request("retried").with("retries", 1).json());

            assertThat(reply.headers().firstValue("ce-jobstatus")).hasValue("failed");
            var job = reply.headers().firstValue("ce-subject").orElseThrow();
            var firstPod = instances.cluster().podsOf(job).stream()
                    .map(pod -> pod.getMetadata())
                    .min((a, b) -> a.getName().compareTo(b.getName()))
                    .orElseThrow()
                    .getName();
            assertThat(instances.cluster().podsOf(job)).hasSize(2);
            assertThat(data(awaitOnlyStartedEvent(instance, job)).path("pod").stringValue())
                    .isEqualTo(firstPod);
        }
    }

    @Test
    @DisplayName("A sink that refuses for a while still gets the started event, once")
    void sinkDownForAWhile() {
        sink.refuseNext(3);
        instances.cluster().script("sink-down", JobScript.succeeds("announced late\n"));
        try (var instance = instances.start()) {
            var reply = new Deliveries(port(instance)).binary("evt-sink-down", request("sink-down"));

            var job = reply.headers().firstValue("ce-subject").orElseThrow();
            awaitOnlyStartedEvent(instance, job);
            assertThat(sink.refused()).isEqualTo(3);
        }
    }

    /**
     * Waits for the Job's started event, then for a later Job's, sent after it: by then a second
     * event for the first Job would have arrived too.
     */
    private static CloudEvent awaitOnlyStartedEvent(ConfigurableApplicationContext instance, String job) {
        await().until(() -> !startedEventsOf(job).isEmpty());
        var barrier = "barrier-" + Long.toString(System.nanoTime(), 36);
        instances.cluster().script(barrier, JobScript.succeeds("after the others\n"));
        var reply = new Deliveries(port(instance)).binary("evt-" + barrier, request(barrier));
        var barrierJob = reply.headers().firstValue("ce-subject").orElseThrow();
        await().until(() -> !startedEventsOf(barrierJob).isEmpty());
        assertThat(startedEventsOf(job)).as("started events of " + job).hasSize(1);
        return startedEventsOf(job).getFirst();
    }

    private static List<CloudEvent> startedEventsOf(String job) {
        return sink.received(STARTED).stream()
                .filter(event -> job.equals(event.getSubject()))
                .toList();
    }

    private static JsonNode data(CloudEvent event) {
        return json.readTree(event.getData().toBytes());
    }

    private static String request(String jobName) {
        return JobRequests.request(jobName).json();
    }
}
