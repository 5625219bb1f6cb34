package dev.jobrunner.job;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Ready once the Jobs have been listed: before that no Job can be started or awaited. Part of
 * the readiness group, so Knative sends no delivery to an instance that cannot reach its cluster.
 */
@Component("kubernetes")
class KubernetesHealthIndicator implements HealthIndicator {

    private final JobCompletionWatcher watcher;

    KubernetesHealthIndicator(JobCompletionWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public Health health() {
        var health = watcher.isSynced() ? Health.up() : Health.down();
        return health.withDetail("apiServer", watcher.apiServer())
                .withDetail("watching", watcher.isWatching())
                .build();
    }
}
