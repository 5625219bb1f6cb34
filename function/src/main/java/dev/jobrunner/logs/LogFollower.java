package dev.jobrunner.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.jobrunner.guard.Guard;
import dev.jobrunner.job.ClusterInformer;
import dev.jobrunner.job.JobConventions;
import dev.jobrunner.job.JobLogContext;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Follows the logs of the pods of the Jobs this instance awaits, from when each container starts:
 * the pod informer says when, so following costs no polling. Each follow runs on a virtual thread
 * and writes to a spool file, so neither the number of Jobs nor the size of a log adds to memory.
 *
 * <p>Follows are not bounded apart from the deliveries: each awaited Job runs one pod at a time
 * (the Job's default parallelism of 1), so the {@code jobs} bulkhead bounds them too, and each
 * costs a few KiB while it waits for its container's next line, besides its parked thread's
 * stack: an HTTP/1.1 exchange of the JDK client (about 3 KiB in the class histograms of
 * benchmarks/ at 1,000 waits, over plain HTTP; over TLS not measured) and a 2 KiB copy buffer
 * ({@link PodLogSpool}). A bound of their own
 * would make a pod past it wait for a slot, and a log followed late is whole only if the kubelet
 * has not rotated it meanwhile: it looks every 10 s ({@code containerLogMonitorInterval}) and
 * rotates any running container's log of {@code containerLogMaxSize} or more
 * (pkg/kubelet/logs/container_log_manager.go, {@code rotateLogs}, {@code processContainer}), which
 * a late follow cannot tell from the API. Every such log would have to be stored as
 * {@code log.complete: false}; the heap a thousand follows hold is the cheaper price.
 */
@Component
public class LogFollower implements DisposableBean {

    private final KubernetesClient client;
    private final Guard guard;
    private final ClusterInformer<Pod> pods;
    private final LogProperties settings;
    private final Map<String, FollowedJob> followed = new ConcurrentHashMap<>();
    private final ExecutorService follows = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param client the {@code logStreams} client: one HTTP/1.1 connection per follow, so a thousand
     *     running pods never take the main connection's HTTP/2 streams
     */
    LogFollower(
            @Qualifier("logStreams") KubernetesClient client,
            @Qualifier("kubernetesGuard") Guard guard,
            ClusterInformer<Pod> podInformer,
            LogProperties settings) {
        this.client = client;
        this.guard = guard;
        this.pods = podInformer;
        this.settings = settings;
        podInformer.onChange(this::consider, pod -> {});
    }

    /**
     * Starts following the Job's pods, those running now and those to come, until the returned
     * handle is closed.
     */
    public FollowedJob follow(Job job) {
        var name = job.getMetadata().getName();
        var directory = settings.spoolDirectory().resolve(name + "-" + System.nanoTime());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log spool directory " + directory, e);
        }
        var handle = new FollowedJob(job, directory, () -> followed.remove(name));
        followed.put(name, handle);
        pods.withLabel(JobConventions.CONTROLLER_UID_LABEL, job.getMetadata().getUid())
                .forEach(this::consider);
        return handle;
    }

    /**
     * Reads what was not followed, as it is left once the Job is over. A container that ended
     * within the follow window, before a follow could have begun, is taken as read whole; one
     * that ran longer was missed (no delivery waited for it) and may have rotated.
     */
    void readAfterTheFact(PodLogSpool spool, Pod pod, String container) {
        var ranFor = ContainerStatus.of(pod, container).runTime();
        var mayHaveRotated = ranFor.isEmpty() || ranFor.get().compareTo(settings.followWindow()) > 0;
        spool.readAfterTheFact(client, guard, settings.kubeletRotationSize().toBytes(), mayHaveRotated);
    }

    LogProperties settings() {
        return settings;
    }

    /** A pod whose container has started (or already ended) is followed, once. */
    private void consider(Pod pod) {
        var labels = pod.getMetadata().getLabels();
        var jobName = labels == null ? null : labels.get(JobConventions.CONTROLLER_JOB_NAME_LABEL);
        var job = jobName == null ? null : followed.get(jobName);
        if (job == null
                || !job.owns(pod)
                || !ContainerStatus.of(pod, job.container()).started()) {
            return;
        }
        // A container already ended when first seen has only its current log file left.
        var ended = ContainerStatus.of(pod, job.container()).terminated();
        job.spoolFor(pod)
                .ifPresent(spool -> follows.submit(() -> {
                    // A thread of its own, for the Job's delivery: its lines name the Job and event.
                    try (var context = JobLogContext.of(job.job())) {
                        if (ended) {
                            readAfterTheFact(spool, pod, job.container());
                        } else {
                            spool.follow(client, pods, settings.statusLag());
                        }
                    }
                }));
    }

    @Override
    public void destroy() {
        follows.shutdownNow();
    }
}
