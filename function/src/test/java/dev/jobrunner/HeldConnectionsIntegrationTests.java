package dev.jobrunner;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.FunctionInstances;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;

import static dev.jobrunner.testing.FunctionInstances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery holds its connection open, with nothing sent either way, for as long as its Job
 * runs: up to the Service's timeoutSeconds, over an hour. Neither may cut it off: the server's
 * idle timeout, which Jetty applies to a connection whose request is being handled only when that
 * request reads or writes (jetty-ee11-servlet {@code ServletChannelState#onIdleTimeout}), nor the
 * instance being stopped, which waits for the deliveries in flight (Spring Boot's graceful
 * shutdown, for as long as {@code spring.lifecycle.timeout-per-shutdown-phase}).
 */
class HeldConnectionsIntegrationTests {

    @RegisterExtension
    static final FunctionInstances instances = new FunctionInstances();

    @Test
    @DisplayName("A Job that runs past the server's idle timeout: its delivery, silent meanwhile, gets the completion")
    void silentDeliveryOutlivesTheIdleTimeout() {
        // Given: an idle timeout of a second, and a Job that runs for three
        var jobEnds = new CompletableFuture<Void>();
        instances.cluster().script("long-silence", JobScript.succeeds("done\n").heldUntil(jobEnds));
        var instance = instances.start("server.jetty.connection-idle-timeout=1s");
        try {
            // When
            var reply = CompletableFuture.supplyAsync(
                    () -> new Deliveries(port(instance)).binary("evt-long-silence", request("long-silence")));
            await().until(() -> !instances.cluster().jobsFor("long-silence").isEmpty());
            CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS).execute(() -> jobEnds.complete(null));

            // Then
            assertThat(reply.join().statusCode()).as(reply.join().body()).isEqualTo(200);
            assertThat(reply.join().headers().firstValue("ce-jobstatus")).hasValue("succeeded");
        } finally {
            instance.close();
        }
    }

    @Test
    @DisplayName(
            "Shut down while a delivery waits: it turns readiness away, and the waiting delivery gets its completion")
    void shutdownLetsTheWaitingDeliveryFinish() throws InterruptedException {
        // Given: an instance that may take its time to drain, awaiting a running Job
        var jobEnds = new CompletableFuture<Void>();
        instances
                .cluster()
                .script(
                        "drained",
                        JobScript.succeeds("finished during shutdown\n").heldUntil(jobEnds));
        var instance = instances.start("spring.lifecycle.timeout-per-shutdown-phase=30s");
        var reply = CompletableFuture.supplyAsync(
                () -> new Deliveries(port(instance)).binary("evt-drained", request("drained")));
        await().until(() -> !instances.cluster().jobsFor("drained").isEmpty());

        // When: Knative stops the instance (SIGTERM), and the Job ends meanwhile. On a thread of its
        // own: the common pool has one worker on two cores, which the test's own client needs.
        var stopping = Thread.ofVirtual().start(instance::close);
        await().until(() ->
                instance.getBean(ApplicationAvailability.class).getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
        assertThat(stopping.isAlive()).as("still stopping").isTrue();
        jobEnds.complete(null);

        // Then
        assertThat(reply.join().statusCode()).as(reply.join().body()).isEqualTo(200);
        assertThat(reply.join().headers().firstValue("ce-jobstatus")).hasValue("succeeded");
        stopping.join();
    }

    private static String request(String jobName) {
        return JobRequests.request(jobName).json();
    }
}
