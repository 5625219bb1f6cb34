package dev.jobrunner.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.jobrunner.JobRunnerProperties;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Spots pods of the function's Jobs that will never start: an image that cannot be pulled, an
 * invalid image name, a container configuration error (a missing Secret, a root image under
 * {@code runAsNonRoot}), or no node to run on. Past the start grace, the Job's wait ends as
 * failed with the pod's own reason and message, instead of silently lasting until the deadline.
 */
@Component
class UnstartablePods implements ResourceEventHandler<Pod>, SmartLifecycle {

    private static final Set<String> HOPELESS_WAITING = Set.of(
            "ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName", "CreateContainerConfigError");
    private static final String CONTROLLER_JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    private static final Duration LONGEST_RECHECK = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final JobCompletionWatcher watcher;
    private final Duration startGrace;
    private final ConcurrentMap<String, Instant> stuckSince = new ConcurrentHashMap<>();
    private SharedIndexInformer<Pod> informer;

    UnstartablePods(KubernetesClient client, JobCompletionWatcher watcher, JobRunnerProperties properties) {
        this.client = client;
        this.watcher = watcher;
        this.startGrace = properties.job().startGrace();
    }

    @Override
    public void onAdd(Pod pod) {
        check(pod);
    }

    /** Also called on every resync, so a pod that stays stuck without changing is seen past its grace. */
    @Override
    public void onUpdate(Pod oldPod, Pod pod) {
        check(pod);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
        stuckSince.remove(pod.getMetadata().getUid());
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
                stuckSince.computeIfAbsent(uid, ignored -> reason.get().since().orElseGet(Instant::now));
        var jobName = pod.getMetadata().getLabels() == null
                ? null
                : pod.getMetadata().getLabels().get(CONTROLLER_JOB_NAME_LABEL);
        if (jobName == null || Duration.between(since, Instant.now()).compareTo(startGrace) < 0) {
            return;
        }
        var job = watcher.cached(pod.getMetadata().getNamespace(), jobName);
        if (job != null) {
            watcher.giveUp(
                    jobName,
                    JobOutcome.unstartable(
                            job, reason.get().reason(), reason.get().message()));
        }
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

    @Override
    public synchronized void start() {
        var recheck = startGrace.dividedBy(2);
        informer = client.pods()
                .withLabel(JobTemplate.MANAGED_BY_LABEL, JobTemplate.MANAGED_BY)
                .runnableInformer((recheck.compareTo(LONGEST_RECHECK) < 0 ? recheck : LONGEST_RECHECK).toMillis());
        informer.addEventHandler(this);
        informer.exceptionHandler((started, failure) -> true);
        informer.start();
    }

    @Override
    public synchronized void stop() {
        informer.stop();
    }

    @Override
    public synchronized boolean isRunning() {
        return informer != null && informer.isRunning();
    }

    /** Alongside the Job informer: before deliveries arrive, after they drain. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }
}
