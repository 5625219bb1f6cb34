package dev.jobrunner.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A Kubernetes API for the application under test: fabric8's mock API server in CRUD mode (real
 * REST and watch), with recorded responses for what CRUD mode does not serve (pod logs), and a
 * {@link TestJobController} playing the cluster.
 */
@TestConfiguration(proxyBeanMethods = false)
public class KubernetesTestCluster {

    @Bean
    ApiFaults apiFaults() {
        return new ApiFaults();
    }

    @Bean(initMethod = "init", destroyMethod = "destroy")
    KubernetesMockServer kubernetesMockServer(ApiFaults faults) {
        return mockServer(faults);
    }

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(KubernetesMockServer server) {
        return applicationClient(server);
    }

    /** The mock API server, not started, answering through {@code faults}. */
    public static KubernetesMockServer mockServer(ApiFaults faults) {
        return new KubernetesMockServer(new Context(), new MockWebServer(), faults.recordedResponses(), faults, false);
    }

    /**
     * The client the application under test uses in place of its kubeconfig-based one, configured
     * as that one is: no retries of its own. A short request timeout lets a test make a call hang.
     */
    public static KubernetesClient applicationClient(KubernetesMockServer server) {
        return server.createClient(client -> client.editOrNewConfig()
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout(5000)
                .withUserAgent(ApiFaults.APPLICATION_AGENT)
                .endConfig());
    }

    @Bean(destroyMethod = "close")
    TestJobController testJobController(KubernetesMockServer server, ApiFaults faults) {
        return new TestJobController(server, faults);
    }
}
