package dev.jobrunner.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.jobrunner.guard.Guard;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The pods of a Job, read from the API server rather than the informer's cache: once the Job
 * reports its end, this read is consistent with it, while the pod watch may still lag behind.
 */
@Component
public class JobPods {

    private final KubernetesClient client;
    private final Guard guard;

    JobPods(KubernetesClient client, @Qualifier("kubernetesGuard") Guard guard) {
        this.client = client;
        this.guard = guard;
    }

    /** Oldest first; creation times have one-second resolution, so the name breaks ties. */
    public List<Pod> of(String jobName) {
        var pods = new ArrayList<>(guard.call(() -> client.pods()
                .withLabel(JobConventions.CONTROLLER_JOB_NAME_LABEL, jobName)
                .list()
                .getItems()));
        pods.sort(Comparator.comparing((Pod pod) -> pod.getMetadata().getCreationTimestamp())
                .thenComparing(pod -> pod.getMetadata().getName()));
        return pods;
    }

    /**
     * How the Job's newest pod says it ended, where the Job's own condition does not tell: stopped
     * by its own deadline (the Job reports only that its pods failed), or never started at all (a
     * pull or configuration problem, whatever stopped the pod afterwards).
     */
    Optional<JobOutcome> lastPodOutcome(Job job, JobOutcome reported) {
        var pods = of(job.getMetadata().getName());
        if (pods.isEmpty() || pods.getLast().getStatus() == null) {
            return Optional.empty();
        }
        var status = pods.getLast().getStatus();
        var container =
                job.getSpec().getTemplate().getSpec().getContainers().getFirst().getName();
        var waiting = status.getContainerStatuses() == null
                ? Optional.<ContainerStateWaiting>empty()
                : status.getContainerStatuses().stream()
                        .filter(c -> container.equals(c.getName()))
                        .map(c -> c.getState() == null ? null : c.getState().getWaiting())
                        .filter(w -> w != null && w.getReason() != null)
                        .findFirst();
        if (waiting.isPresent()) {
            return Optional.of(JobOutcome.unstartable(
                    job, waiting.get().getReason(), waiting.get().getMessage()));
        }
        if (JobConventions.DEADLINE_EXCEEDED.equals(status.getReason())) {
            return Optional.of(reported.timedOut());
        }
        return Optional.empty();
    }
}
