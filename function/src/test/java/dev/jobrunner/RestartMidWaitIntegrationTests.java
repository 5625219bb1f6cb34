package dev.jobrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;

import dev.jobrunner.testing.ApiFaults;
import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.TestJobController;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * An instance is scaled away or killed while it awaits a Job; Knative redelivers the event to a
 * new instance, which finds the same Job and completes the request.
 */
class RestartMidWaitIntegrationTests {

    private static final ApiFaults faults = new ApiFaults();
    private static final KubernetesMockServer apiServer = KubernetesTestCluster.mockServer(faults);
    private static final S3Server s3 = new S3Server(S3TestStorage.ACCESS_KEY, S3TestStorage.SECRET_KEY);
    private static TestJobController cluster;

    @BeforeAll
    static void startClusterAndStorage() throws Exception {
        apiServer.init();
        cluster = new TestJobController(apiServer);
        s3.start();
    }

    @AfterAll
    static void stopClusterAndStorage() throws Exception {
        cluster.close();
        s3.stop();
        apiServer.destroy();
    }

    @Test
    @DisplayName("Stopped mid-wait: the redelivery to a new instance completes against the same Job")
    void newInstanceCompletesTheJobOfAStoppedOne() {
        // Given: the first instance awaits a running Job
        var jobEnds = new CompletableFuture<Void>();
        cluster.script("survivor", JobScript.succeeds("outlived its function\n").heldUntil(jobEnds));
        var first = startInstance();
        var cutOff = CompletableFuture.supplyAsync(() -> {
            try {
                return new Deliveries(port(first)).binary("evt-survivor", request()).statusCode();
            } catch (RuntimeException connectionClosed) {
                return -1;
            }
        });
        await().until(() -> !cluster.jobsFor("survivor").isEmpty());
        var job = cluster.jobsFor("survivor").getFirst().getMetadata().getName();

        // When: the instance goes away mid-wait, the Job finishes, Knative redelivers to a new one
        first.close();
        assertThat(cutOff.join()).as("the cut-off delivery got no completion").isNotEqualTo(200);
        var second = startInstance();
        try {
            jobEnds.complete(null);
            var reply = new Deliveries(port(second)).binary("evt-survivor", request());

            // Then
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.headers().firstValue("ce-subject")).hasValue(job);
            assertThat(reply.headers().firstValue("ce-jobstatus")).hasValue("succeeded");
            assertThat(cluster.jobsFor("survivor")).hasSize(1);
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext startInstance() {
        return new SpringApplicationBuilder(JobRunnerApplication.class)
                .properties(
                        "server.port=0",
                        "spring.lifecycle.timeout-per-shutdown-phase=1s",
                        "jobrunner.storage.endpoint=" + s3.endpoint(),
                        "jobrunner.storage.access-key=" + S3TestStorage.ACCESS_KEY,
                        "jobrunner.storage.secret-key=" + S3TestStorage.SECRET_KEY)
                .initializers(context -> ((GenericApplicationContext) context).registerBean(
                        "kubernetesClient",
                        KubernetesClient.class,
                        () -> KubernetesTestCluster.applicationClient(apiServer),
                        definition -> definition.setDestroyMethodName("close")))
                .run();
    }

    private static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    private static String request() {
        return """
                {"image":"registry.example/acme/app:1.0","jobName":"survivor","timeOut":5,"inputBucket":"corpus","outputBucket":"results"}""";
    }
}
