package dev.jobrunner.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The deliveries waiting for their Jobs, woken by the one Job informer: thousands of waiting
 * requests cost one watch on the API server, not one each.
 */
@Component
public class JobWaits implements ResourceEventHandler<Job>, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(JobWaits.class);
    private static final Duration FIRST_SYNC_WAIT = Duration.ofSeconds(10);

    private final ClusterInformer<Job> jobs;
    private final ClusterInformer<?> pods;
    private final JobPods jobPods;
    private final Duration waitGrace;
    private final Clock clock;
    private final ConcurrentMap<String, CompletableFuture<JobOutcome>> waiting = new ConcurrentHashMap<>();

    JobWaits(
            ClusterInformer<Job> jobInformer,
            ClusterInformer<Pod> podInformer,
            JobPods jobPods,
            JobProperties properties,
            Clock clock) {
        this.jobs = jobInformer;
        this.pods = podInformer;
        this.jobPods = jobPods;
        this.waitGrace = properties.waitGrace();
        this.clock = clock;
        jobInformer.addHandler(this);
    }

    /**
     * @throws ClusterUnavailableException unless both informers have listed their resources once
     */
    public void requireReachable() {
        jobs.requireSynced(FIRST_SYNC_WAIT);
        pods.requireSynced(FIRST_SYNC_WAIT);
    }

    /**
     * Waits until the cluster reports the Job finished, at most until its deadline plus the
     * configured grace: past that, the outcome is a timeout that job-runner must end itself.
     *
     * @return how the Job ended, a timeout also when only its last pod's deadline says so, and the
     *     pod's own reason when its container never started
     */
    public JobOutcome awaitFinish(Job job) {
        var outcome = awaitReported(job);
        if (outcome.status() == JobStatus.SUCCEEDED) {
            return outcome;
        }
        return jobPods.lastPodOutcome(job, outcome).orElse(outcome);
    }

    private JobOutcome awaitReported(Job job) {
        var name = job.getMetadata().getName();
        var limit = waitLimit(job);
        var future = waiting.computeIfAbsent(name, n -> new CompletableFuture<>());
        try {
            // A Job that finished before we started listening (a redelivery) is already in the cache.
            jobs.cached(job.getMetadata().getNamespace(), name)
                    .flatMap(JobOutcome::of)
                    .ifPresent(future::complete);
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return JobOutcome.waitLimitExceeded(job, limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Job " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for Job " + name, e.getCause());
        } finally {
            waiting.remove(name, future);
        }
    }

    /** The time left until the Job's deadline plus grace, counted from its creation. */
    private Duration waitLimit(Job job) {
        var created = Instant.parse(job.getMetadata().getCreationTimestamp());
        var deadline =
                created.plusSeconds(job.getSpec().getActiveDeadlineSeconds()).plus(waitGrace);
        var left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Ends the wait for a Job the cluster will not finish soon, such as one whose pod cannot
     * start: its awaiting delivery gets this outcome now instead of at the deadline.
     */
    void giveUp(Job job, JobOutcome outcome) {
        var jobName = job.getMetadata().getName();
        var future = waiting.get(jobName);
        if (future != null && future.complete(outcome)) {
            // On an informer's thread: the Job says which event it is for.
            try (var context = JobLogContext.of(job)) {
                logger.info("Gave up waiting for Job {}: {} ({})", jobName, outcome.reason(), outcome.message());
            }
        }
    }

    @Override
    public void onAdd(Job job) {
        report(job);
    }

    @Override
    public void onUpdate(Job oldJob, Job job) {
        report(job);
    }

    @Override
    public void onDelete(Job job, boolean finalStateUnknown) {
        var future = waiting.get(job.getMetadata().getName());
        if (future != null) {
            future.complete(JobOutcome.of(job).orElseGet(() -> JobOutcome.deleted(job)));
        }
    }

    private void report(Job job) {
        var future = waiting.get(job.getMetadata().getName());
        if (future != null) {
            JobOutcome.of(job).ifPresent(future::complete);
        }
    }

    /** After graceful shutdown: deliveries still waiting are cut off anyway, and are redelivered. */
    @Override
    public void destroy() {
        var shuttingDown = new IllegalStateException("stopped waiting for Jobs: this instance is shutting down");
        waiting.values().forEach(future -> future.completeExceptionally(shuttingDown));
    }
}
