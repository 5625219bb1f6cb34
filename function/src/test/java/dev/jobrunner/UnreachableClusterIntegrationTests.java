package dev.jobrunner;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.jobrunner.testing.Deliveries;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With no cluster to reach, the function still starts, says so, and turns deliveries away with 503. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UnreachableClusterIntegrationTests.NowhereCluster.class)
class UnreachableClusterIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    @DisplayName("Not ready, and a delivery gets 503 naming the API server it tried")
    void deliveriesRefusedWhileClusterUnreachable() throws Exception {
        var deliveries = new Deliveries(port);

        await().untilAsserted(() -> {
            var readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"kubernetes\"").contains(NowhereCluster.url);
        });
        var reply = deliveries.binary("evt-nowhere", """
                {"image":"busybox","jobName":"nowhere","inputBucket":"corpus"}""");

        assertThat(reply.statusCode()).isEqualTo(503);
        assertThat(reply.body())
                .contains("Kubernetes API unavailable")
                .contains("the Kubernetes API at " + NowhereCluster.url);
    }

    @Test
    @DisplayName("A bad request is still a 400: the client learns what to fix without waiting for the cluster")
    void invalidRequestStillRejected() {
        var reply = new Deliveries(port).binary("evt-nowhere-bad", "{\"jobName\":\"nowhere\"}");

        assertThat(reply.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class NowhereCluster {

        static String url;

        /** A client for a port where nothing listens. */
        @Bean(destroyMethod = "close")
        KubernetesClient kubernetesClient() throws IOException {
            try (var socket = new ServerSocket(0)) {
                url = "http://127.0.0.1:" + socket.getLocalPort() + "/";
            }
            return new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder()
                            .withMasterUrl(url)
                            .withNamespace("test")
                            .build())
                    .build();
        }
    }
}
