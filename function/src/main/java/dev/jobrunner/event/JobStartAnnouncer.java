package dev.jobrunner.event;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.jobrunner.job.ClusterInformer;
import dev.jobrunner.job.JobConventions;
import dev.jobrunner.job.JobLogContext;
import dev.jobrunner.job.StartClaims;
import dev.jobrunner.job.StartedPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Announces each Job's start to the sink once: when the pod informer first shows one of our
 * Jobs' containers started, whichever instance wins the Job's {@link StartClaims claim} sends
 * {@code dev.jobrunner.job.started}. A retry's pod is the same Job: it is not announced again.
 */
@Component
class JobStartAnnouncer implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(JobStartAnnouncer.class);

    private final ClusterInformer<Job> jobs;
    private final StartClaims claims;
    private final StartedEvents events;
    private final EventSink sink;
    // Jobs this instance has settled, won or lost: their later pod updates cost no API call.
    private final Set<String> settled = ConcurrentHashMap.newKeySet();
    private final ExecutorService claiming = Executors.newVirtualThreadPerTaskExecutor();

    JobStartAnnouncer(
            ClusterInformer<Job> jobInformer,
            ClusterInformer<Pod> podInformer,
            StartClaims claims,
            StartedEvents events,
            EventSink sink) {
        this.jobs = jobInformer;
        this.claims = claims;
        this.events = events;
        this.sink = sink;
        if (sink.configured()) {
            podInformer.onChange(this::consider, pod -> {});
            jobInformer.onChange(
                    job -> {}, job -> settled.remove(job.getMetadata().getUid()));
        }
    }

    private void consider(Pod pod) {
        var labels = pod.getMetadata().getLabels();
        var jobName = labels == null ? null : labels.get(JobConventions.CONTROLLER_JOB_NAME_LABEL);
        if (jobName == null) {
            return;
        }
        jobs.cached(pod.getMetadata().getNamespace(), jobName)
                .filter(job -> !settled.contains(job.getMetadata().getUid()))
                .ifPresent(job -> StartedPod.of(job, pod).ifPresent(started -> {
                    settled.add(job.getMetadata().getUid());
                    // Off the informer's thread: the claim is an API call or two.
                    claiming.execute(() -> announce(job, started));
                }));
    }

    private void announce(Job job, StartedPod pod) {
        try (var context = JobLogContext.of(job)) {
            if (claims.claim(job, pod.name())) {
                logger.info(
                        "Job {} started in pod {} on node {}", job.getMetadata().getName(), pod.name(), pod.node());
                sink.send(events.started(job, pod));
            }
        } catch (RuntimeException e) {
            // Another instance may still claim it; this one tries again on the pod's next change.
            settled.remove(job.getMetadata().getUid());
            logger.warn(
                    "Could not claim the start of Job {}: {}", job.getMetadata().getName(), e.getMessage());
        }
    }

    @Override
    public void destroy() {
        claiming.shutdownNow();
    }
}
