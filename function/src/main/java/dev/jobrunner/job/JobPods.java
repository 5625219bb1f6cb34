package dev.jobrunner.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.jobrunner.guard.Guard;
import io.fabric8.kubernetes.api.model.Pod;
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
     * Whether the Job's newest pod was stopped by its own deadline: the Job then only reports that
     * its pods failed, but it ran out of time.
     */
    boolean lastExceededDeadline(String jobName) {
        var pods = of(jobName);
        return !pods.isEmpty()
                && pods.getLast().getStatus() != null
                && JobConventions.DEADLINE_EXCEEDED.equals(
                        pods.getLast().getStatus().getReason());
    }
}
