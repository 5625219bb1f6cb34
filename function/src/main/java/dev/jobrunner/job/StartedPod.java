package dev.jobrunner.job;

import java.time.Instant;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * A pod of one of our Jobs whose container has started: the kubelet reports it running, or
 * already ended (a short job may be seen only then). Sidecars do not count: the Job's own
 * container is read by name.
 *
 * @param name the pod's name
 * @param node the node it runs on
 * @param startTime when its container started, as the kubelet reports it
 */
public record StartedPod(String name, String node, Instant startTime) {

    /** @return the pod, if it is the Job's (by {@code controller-uid}) and its container has started */
    public static Optional<StartedPod> of(Job job, Pod pod) {
        var labels = pod.getMetadata().getLabels();
        if (labels == null
                || !job.getMetadata().getUid().equals(labels.get(JobConventions.CONTROLLER_UID_LABEL))
                || pod.getStatus() == null
                || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        var container =
                job.getSpec().getTemplate().getSpec().getContainers().getFirst().getName();
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> container.equals(status.getName()))
                .map(status -> startedAt(status.getState()))
                .flatMap(Optional::stream)
                .findFirst()
                .map(started -> new StartedPod(
                        pod.getMetadata().getName(),
                        pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
                        started));
    }

    private static Optional<Instant> startedAt(ContainerState state) {
        if (state == null) {
            return Optional.empty();
        }
        if (state.getRunning() != null && state.getRunning().getStartedAt() != null) {
            return Optional.of(Instant.parse(state.getRunning().getStartedAt()));
        }
        if (state.getTerminated() != null && state.getTerminated().getStartedAt() != null) {
            return Optional.of(Instant.parse(state.getTerminated().getStartedAt()));
        }
        return Optional.empty();
    }
}
