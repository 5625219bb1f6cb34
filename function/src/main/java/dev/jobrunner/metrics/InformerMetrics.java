package dev.jobrunner.metrics;

import java.util.List;
import java.util.Locale;

import dev.jobrunner.job.ClusterInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * Whether each informer's cache can be trusted (listed once) and is kept current (watch open):
 * 0 or 1, by the kind of resource. An alert on {@code jobrunner_informer_watching == 0} sees a lost
 * API server before any delivery fails.
 */
@Component
class InformerMetrics implements MeterBinder {

    private final List<ClusterInformer<?>> informers;

    InformerMetrics(List<ClusterInformer<?>> informers) {
        this.informers = informers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (var informer : informers) {
            var kind = informer.kind().toLowerCase(Locale.ROOT);
            Gauge.builder("jobrunner.informer.synced", informer, i -> i.isSynced() ? 1 : 0)
                    .description("1 once the informer has listed its resources")
                    .tag("kind", kind)
                    .register(registry);
            Gauge.builder("jobrunner.informer.watching", informer, i -> i.isWatching() ? 1 : 0)
                    .description("1 while the informer's watch is open")
                    .tag("kind", kind)
                    .register(registry);
        }
    }
}
