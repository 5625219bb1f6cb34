package dev.jobrunner.job;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Ready once the Jobs and their pods have been listed: before that no Job can be started or
 * awaited. Part of the readiness group, so Knative sends no delivery to an instance that cannot
 * reach its cluster.
 */
@Component("kubernetes")
class KubernetesHealthIndicator implements HealthIndicator {

    private final String apiServer;
    private final List<ClusterInformer<?>> informers;

    KubernetesHealthIndicator(
            KubernetesClient client, ClusterInformer<Job> jobInformer, ClusterInformer<Pod> podInformer) {
        this.apiServer = client.getMasterUrl().toString();
        this.informers = List.of(jobInformer, podInformer);
    }

    @Override
    public Health health() {
        var health = informers.stream().allMatch(ClusterInformer::isSynced) ? Health.up() : Health.down();
        health.withDetail("apiServer", apiServer);
        for (var informer : informers) {
            health.withDetail(
                    informer.kind(), Map.of("synced", informer.isSynced(), "watching", informer.isWatching()));
        }
        return health.build();
    }
}
