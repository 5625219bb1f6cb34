package dev.jobrunner.job;

import dev.jobrunner.JobRunnerProperties;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KubernetesConfiguration {

    /**
     * The client for the current kubeconfig context, or the in-cluster service account, bound to
     * the namespace the Jobs run in.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(JobRunnerProperties properties) {
        var config = new ConfigBuilder(Config.autoConfigure(null));
        if (properties.namespace() != null && !properties.namespace().isBlank()) {
            config.withNamespace(properties.namespace());
        }
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }
}
