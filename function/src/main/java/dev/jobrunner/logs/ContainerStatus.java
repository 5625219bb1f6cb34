package dev.jobrunner.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where one container of a pod stands, as the kubelet last reported it: the Job's own container
 * is read by name, as sidecar injectors put theirs first.
 *
 * @param state the container's state, or empty while the kubelet has reported none
 * @param podEnded whether the whole pod has ended ({@code Succeeded} or {@code Failed})
 */
record ContainerStatus(Optional<ContainerState> state, boolean podEnded) {

    static ContainerStatus of(Pod pod, String container) {
        var status = pod.getStatus();
        if (status == null) {
            return new ContainerStatus(Optional.empty(), false);
        }
        var ended = "Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase());
        var state = status.getContainerStatuses() == null
                ? Optional.<ContainerState>empty()
                : status.getContainerStatuses().stream()
                        .filter(c -> container.equals(c.getName()) && c.getState() != null)
                        .map(io.fabric8.kubernetes.api.model.ContainerStatus::getState)
                        .findFirst();
        return new ContainerStatus(state, ended);
    }

    /** Running now, or already ended: it has a log. */
    boolean started() {
        return state.map(s -> s.getRunning() != null || s.getTerminated() != null)
                .orElse(false);
    }

    boolean terminated() {
        return state.map(s -> s.getTerminated() != null).orElse(false);
    }

    /** Nothing more will be written to its log. */
    boolean stopped() {
        return podEnded || terminated();
    }

    /** How long it ran, once it has ended and the kubelet said when it started and finished. */
    Optional<Duration> runTime() {
        return state.map(ContainerState::getTerminated)
                .filter(t -> t.getStartedAt() != null && t.getFinishedAt() != null)
                .map(t -> Duration.between(Instant.parse(t.getStartedAt()), Instant.parse(t.getFinishedAt())));
    }
}
