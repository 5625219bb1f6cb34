package dev.jobrunner.testing;

import java.util.HashMap;
import java.util.Queue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A Kubernetes API for the application under test: fabric8's mock API server in CRUD mode (real
 * REST and watch), with recorded responses for what CRUD mode does not serve (pod logs), and a
 * {@link TestJobController} playing the cluster.
 */
@TestConfiguration(proxyBeanMethods = false)
public class KubernetesTestCluster {

    @Bean(initMethod = "init", destroyMethod = "destroy")
    KubernetesMockServer kubernetesMockServer() {
        var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
        return new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    }

    /** Replaces the application's kubeconfig-based client. */
    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(KubernetesMockServer server) {
        return server.createClient();
    }

    @Bean(destroyMethod = "close")
    TestJobController testJobController(KubernetesMockServer server) {
        return new TestJobController(server);
    }
}
