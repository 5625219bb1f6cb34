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

import static dev.jobrunner.testing.FunctionInstances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery holds its connection open, with nothing sent either way, for as long as its Job
 * runs: up to the Service's timeoutSeconds, over an hour. The server's idle timeout must not cut
 * it off: Jetty applies it to a connection whose request is being handled only when that request
 * reads or writes (jetty-ee11-servlet {@code ServletChannelState#onIdleTimeout}).
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

    private static String request(String jobName) {
        return JobRequests.request(jobName).json();
    }
}
