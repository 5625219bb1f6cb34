package dev.jobrunner.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Like {@link KubernetesTestCluster}, with the application's client on HTTP/2 as in production
 * (the mock server's own clients use HTTP/1.1): all its calls share one connection, and the mock
 * server's limit of 100 concurrent streams on it is real, as kube-apiserver's. An
 * {@link ApiOutage} stands in front of the faults.
 */
@TestConfiguration(proxyBeanMethods = false)
public class Http2TestCluster {

    @Bean
    ApiFaults apiFaults() {
        return new ApiFaults();
    }

    @Bean
    ApiOutage apiOutage(ApiFaults faults) {
        return new ApiOutage(faults);
    }

    @Bean(initMethod = "init", destroyMethod = "destroy")
    KubernetesMockServer kubernetesMockServer(ApiFaults faults, ApiOutage outage) {
        return new KubernetesMockServer(new Context(), new MockWebServer(), faults.recordedResponses(), outage, false);
    }

    /** The application's client as {@link KubernetesTestCluster#applicationClient} makes it, on HTTP/2. */
    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(KubernetesMockServer server) {
        return server.createClient(client -> client.editOrNewConfig()
                .withHttp2Disable(false)
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
