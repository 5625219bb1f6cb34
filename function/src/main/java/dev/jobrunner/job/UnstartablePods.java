package dev.jobrunner.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.springframework.stereotype.Component;

/**
 * Spots pods of the function's Jobs that will never start: an image that cannot be pulled, an
 * invalid image name, a container configuration error (a missing Secret, a root image under
 * {@code runAsNonRoot}), or no node to run on. Past the start grace, the Job's wait ends as
 * failed with the pod's own reason and message, instead of silently lasting until the deadline.
 */
@Component
class UnstartablePods {

    // The kubelet's waiting reasons that do not clear up by themselves (pkg/kubelet/images/types.go,
    // pkg/kubelet/kuberuntime/kuberuntime_container.go); ContainerCreating that lasts past the
    // grace is a mount or sandbox that keeps failing.
    private static final Set<String> HOPELESS_WAITING = Set.of(
            "ErrImagePull",
            "ImagePullBackOff",
            "ErrImageNeverPull",
            "InvalidImageName",
            "CreateContainerConfigError",
            "CreateContainerError",
            "ContainerCreating");

    private final ClusterInformer<Job> jobs;
    private final JobWaits waits;
    private final Duration startGrace;
    private final Clock clock;
    private final ConcurrentMap<String, Instant> stuckSince = new ConcurrentHashMap<>();

    UnstartablePods(
            ClusterInformer<Pod> podInformer,
            ClusterInformer<Job> jobInformer,
            JobWaits waits,
            JobProperties properties,
            Clock clock) {
        this.jobs = jobInformer;
        this.waits = waits;
        this.startGrace = properties.startGrace();
        this.clock = clock;
        // Resyncs count too, so a pod that stays stuck without changing is seen past its grace.
        podInformer.onChange(
                this::check, pod -> stuckSince.remove(pod.getMetadata().getUid()));
    }

    /**
     * The grace counts from when the pod was first seen stuck, not from its creation: a long image
     * pull that then fails once is not given up at once.
     */
    private void check(Pod pod) {
        var uid = pod.getMetadata().getUid();
        var reason = stuck(pod);
        if (reason.isEmpty()) {
            stuckSince.remove(uid);
            return;
        }
        var since =
                stuckSince.computeIfAbsent(uid, ignored -> reason.get().since().orElseGet(clock::instant));
        var jobName = pod.getMetadata().getLabels() == null
                ? null
                : pod.getMetadata().getLabels().get(JobConventions.CONTROLLER_JOB_NAME_LABEL);
        if (jobName == null || Duration.between(since, clock.instant()).compareTo(startGrace) < 0) {
            return;
        }
        jobs.cached(pod.getMetadata().getNamespace(), jobName)
                .ifPresent(job -> waits.giveUp(
                        job,
                        JobOutcome.unstartable(
                                job, reason.get().reason(), reason.get().message())));
    }

    /** Why the pod cannot start, if it is stuck for good. */
    static Optional<Reason> stuck(Pod pod) {
        var status = pod.getStatus();
        if (status == null) {
            return Optional.empty();
        }
        if (status.getContainerStatuses() != null) {
            for (var container : status.getContainerStatuses()) {
                var waiting = container.getState() == null
                        ? null
                        : container.getState().getWaiting();
                if (waiting != null && HOPELESS_WAITING.contains(waiting.getReason())) {
                    return Optional.of(new Reason(waiting.getReason(), waiting.getMessage(), Optional.empty()));
                }
            }
        }
        if (status.getConditions() != null) {
            for (var condition : status.getConditions()) {
                if ("PodScheduled".equals(condition.getType())
                        && "False".equals(condition.getStatus())
                        && "Unschedulable".equals(condition.getReason())) {
                    return Optional.of(new Reason(
                            "Unschedulable",
                            condition.getMessage(),
                            Optional.ofNullable(condition.getLastTransitionTime())
                                    .map(Instant::parse)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param reason the Kubernetes reason, such as {@code ImagePullBackOff}
     * @param message what Kubernetes says about it
     * @param since when the pod got stuck, if Kubernetes says
     */
    record Reason(String reason, String message, Optional<Instant> since) {}
}
