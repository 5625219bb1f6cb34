package dev.jobrunner.job;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Kubernetes client, as an auto-configuration so that it is decided after all other
 * configuration: a client defined elsewhere (a test's mock API server) replaces it reliably.
 */
@AutoConfiguration
public class KubernetesClientAutoConfiguration {

    /**
     * The client for the current kubeconfig context, or the in-cluster service account, bound to
     * the namespace the Jobs run in.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(KubernetesProperties properties) {
        // One retry layer, resilience4j's, configured and observable; not the client's own as well.
        var config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0);
        if (properties.namespace() != null && !properties.namespace().isBlank()) {
            config.withNamespace(properties.namespace());
        }
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }
}
