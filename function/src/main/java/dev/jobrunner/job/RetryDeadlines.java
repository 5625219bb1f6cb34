package dev.jobrunner.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobrunner.guard.Guard;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A request's {@code timeOut} is the whole Job's, retries included, yet every pod of a Job gets the
 * template's {@code activeDeadlineSeconds}. So each retry is given the time that is left: its pod's
 * deadline is lowered once the kubelet has started it, which the API server allows on a running
 * pod ({@code pkg/apis/core/validation/validation.go}, {@code ValidatePodUpdate}: it may be set
 * or lowered). The kubelet then stops the retry gracefully at the Job's budget and keeps its log,
 * where the Job's own deadline would delete it.
 */
@Component
class RetryDeadlines {

    private static final Logger logger = LoggerFactory.getLogger(RetryDeadlines.class);

    private final KubernetesClient client;
    private final Guard guard;
    private final ClusterInformer<Job> jobs;
    private final ClusterInformer<Pod> pods;
    private final Set<String> lowered = ConcurrentHashMap.newKeySet();

    RetryDeadlines(
            KubernetesClient client,
            @Qualifier("kubernetesGuard") Guard guard,
            ClusterInformer<Job> jobInformer,
            ClusterInformer<Pod> podInformer) {
        this.client = client;
        this.guard = guard;
        this.jobs = jobInformer;
        this.pods = podInformer;
        podInformer.onChange(
                this::check, pod -> lowered.remove(pod.getMetadata().getUid()));
    }

    private void check(Pod pod) {
        var deadline = pod.getSpec().getActiveDeadlineSeconds();
        var started = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        var labels = pod.getMetadata().getLabels();
        var jobName = labels == null ? null : labels.get(JobConventions.CONTROLLER_JOB_NAME_LABEL);
        if (deadline == null
                || started == null
                || jobName == null
                || lowered.contains(pod.getMetadata().getUid())) {
            return;
        }
        var job = jobs.cached(pod.getMetadata().getNamespace(), jobName);
        if (job.isEmpty()
                || job.get().getStatus() == null
                || job.get().getStatus().getStartTime() == null
                || !isRetry(pod)) {
            return;
        }
        var timeOut = job.get().getSpec().getTemplate().getSpec().getActiveDeadlineSeconds();
        var used = Duration.between(Instant.parse(job.get().getStatus().getStartTime()), Instant.parse(started));
        var left = Math.max(1, timeOut - used.toSeconds());
        if (left < deadline) {
            lower(pod, left);
        }
    }

    /** A retry: an older pod of the same Job exists. */
    private boolean isRetry(Pod pod) {
        var uid = pod.getMetadata().getLabels().get(JobConventions.CONTROLLER_UID_LABEL);
        var created = pod.getMetadata().getCreationTimestamp();
        return uid != null
                && pods.withLabel(JobConventions.CONTROLLER_UID_LABEL, uid).stream()
                        .anyMatch(other -> other != pod
                                && !other.getMetadata()
                                        .getName()
                                        .equals(pod.getMetadata().getName())
                                && other.getMetadata().getCreationTimestamp().compareTo(created) <= 0);
    }

    private void lower(Pod pod, long seconds) {
        var name = pod.getMetadata().getName();
        try {
            // Named by a bare object: fabric8 reads a pod named with withName before patching it.
            var named = new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(pod.getMetadata().getNamespace())
                    .endMetadata()
                    .build();
            guard.run(() -> client.pods()
                    .resource(named)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"activeDeadlineSeconds\":%d}}".formatted(seconds)));
            lowered.add(pod.getMetadata().getUid());
            logger.info("Gave retry pod {} the {} s left of its Job's timeOut", name, seconds);
        } catch (KubernetesClientException e) {
            // Gone, or already ended: the Job's own deadline remains the backstop.
            logger.info("Could not lower the deadline of retry pod {}: {}", name, e.getMessage());
        }
    }
}
