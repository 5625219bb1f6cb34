package dev.jobrunner.job;

import java.time.Clock;
import java.time.Duration;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two informers every delivery shares, one over the function's Jobs and one over their pods. */
@Configuration(proxyBeanMethods = false)
class JobConfiguration {

    // Stuck pods are rechecked at least this often, even when nothing about them changes.
    private static final Duration LONGEST_RECHECK = Duration.ofSeconds(30);

    @Bean
    ClusterInformer<Job> jobInformer(KubernetesClient client) {
        var informer = client.batch()
                .v1()
                .jobs()
                .withLabel(JobConventions.MANAGED_BY_LABEL, JobConventions.MANAGED_BY)
                .runnableInformer(0);
        informer.itemStore(new TrimmedCache<>(KeptFields::job));
        return new ClusterInformer<>("Jobs", client.getMasterUrl().toString(), informer);
    }

    /** Resyncs at half the start grace, so a pod that stays stuck unchanged is seen past its grace. */
    @Bean
    ClusterInformer<Pod> podInformer(KubernetesClient client, JobProperties properties) {
        var half = properties.startGrace().dividedBy(2);
        var resync = half.compareTo(LONGEST_RECHECK) < 0 ? half : LONGEST_RECHECK;
        var informer = client.pods()
                .withLabel(JobConventions.MANAGED_BY_LABEL, JobConventions.MANAGED_BY)
                .runnableInformer(resync.toMillis());
        informer.itemStore(new TrimmedCache<>(KeptFields::pod));
        var pods = new ClusterInformer<>("pods", client.getMasterUrl().toString(), informer);
        // A Job's pods are looked up on every pod update: from an index, not a scan of every pod.
        pods.indexLabel(JobConventions.CONTROLLER_UID_LABEL);
        return pods;
    }

    /** Every wait and grace is measured on this clock; tests move it instead of shortening a grace. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
