package dev.jobrunner;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobrunner.event.CompletionEvents;
import dev.jobrunner.event.EventSink;
import dev.jobrunner.job.ClusterInformer;
import dev.jobrunner.job.JobCleaner;
import dev.jobrunner.job.JobConventions;
import dev.jobrunner.job.JobIdentity;
import dev.jobrunner.job.JobLogContext;
import dev.jobrunner.job.JobOutcome;
import dev.jobrunner.job.RequestAnnotation;
import dev.jobrunner.logs.CompletionRecords;
import dev.jobrunner.logs.StorageProperties;
import dev.jobrunner.logs.UnverifiedRecordException;
import dev.jobrunner.metrics.JobMetrics;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Records the Jobs that finished with nobody awaiting them: every delivery of their event was
 * lost (dead-lettered after the Trigger's retries, cut while storage was down for longer). Any
 * instance that sees such a Job, finished for longer than the grace and still under its safety
 * TTL, stores its log and sends its completion event to the sink, as its delivery would have
 * replied. The informer's first listing shows an instance the Jobs that finished while it was
 * scaled to zero. Instances racing for one Job store one record, and only the one that stored it
 * sends the event.
 */
@Component
class OrphanRecovery implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(OrphanRecovery.class);
    // While storage or the API is down, a recovery is tried again; the safety TTL keeps the Job.
    private static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    private final ClusterInformer<Job> jobs;
    private final SingleFlight deliveries;
    private final RequestAnnotation requests;
    private final StorageProperties storage;
    private final CompletionRecords records;
    private final JobRecorder recorder;
    private final JobCleaner cleaner;
    private final CompletionEvents completions;
    private final EventSink sink;
    private final JobMetrics metrics;
    private final Duration grace;
    private final Clock clock;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService recoveries =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());

    OrphanRecovery(
            ClusterInformer<Job> jobInformer,
            SingleFlight deliveries,
            RequestAnnotation requests,
            StorageProperties storage,
            CompletionRecords records,
            JobRecorder recorder,
            JobCleaner cleaner,
            CompletionEvents completions,
            EventSink sink,
            JobMetrics metrics,
            OrphanProperties settings,
            Clock clock) {
        this.jobs = jobInformer;
        this.deliveries = deliveries;
        this.requests = requests;
        this.storage = storage;
        this.records = records;
        this.recorder = recorder;
        this.cleaner = cleaner;
        this.completions = completions;
        this.sink = sink;
        this.metrics = metrics;
        this.grace = settings.grace();
        this.clock = clock;
        jobInformer.onChange(
                this::consider, job -> scheduled.remove(job.getMetadata().getUid()));
    }

    /** A finished Job still under its safety TTL is looked at again once its grace is over. */
    private void consider(Job job) {
        if (!cleaner.stillKept(job)) {
            return;
        }
        JobOutcome.of(job).ifPresent(outcome -> {
            if (scheduled.add(job.getMetadata().getUid())) {
                var finished = outcome.finishTime() == null ? clock.instant() : outcome.finishTime();
                schedule(job, Duration.between(clock.instant(), finished.plus(grace)));
            }
        });
    }

    private void schedule(Job job, Duration delay) {
        var namespace = job.getMetadata().getNamespace();
        var name = job.getMetadata().getName();
        var uid = job.getMetadata().getUid();
        recoveries.schedule(() -> check(namespace, name, uid), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void check(String namespace, String name, String uid) {
        var job = jobs.cached(namespace, name, uid).filter(cleaner::stillKept);
        if (job.isEmpty()) {
            scheduled.remove(uid);
            return;
        }
        // A delivery for it is here now: it records the Job itself.
        if (deliveries.running(name)) {
            schedule(job.get(), grace);
            return;
        }
        try (var context = JobLogContext.of(job.get())) {
            recover(job.get());
        } catch (UnverifiedRecordException e) {
            // Logged loudly where found; never replaced, never announced.
            logger.error("Not recovering Job {}: {}", name, e.getMessage());
        } catch (RuntimeException e) {
            logger.warn("Could not record Job {} yet ({}); trying again in {}", name, e.getMessage(), RETRY_AFTER);
            schedule(job.get(), RETRY_AFTER);
        }
    }

    /** The request the Job carries, then its record: found, or stored now and announced. */
    private void recover(Job job) {
        var name = job.getMetadata().getName();
        var annotations = job.getMetadata().getAnnotations();
        var request = requests.read(job);
        if (request.isEmpty()) {
            logger.warn(
                    "Job {} finished unrecorded, but carries no {} annotation to announce it by",
                    name,
                    RequestAnnotation.NAME);
            return;
        }
        var identity = JobIdentity.of(
                request.get().jobName(),
                annotations.get(JobConventions.EVENT_SOURCE_ANNOTATION),
                annotations.get(JobConventions.EVENT_ID_ANNOTATION));
        if (!identity.name().equals(name)) {
            logger.warn("Job {} finished unrecorded, but its annotations name another Job, {}", name, identity.name());
            return;
        }
        var bucket = request.get().outputBucket();
        var logObject = storage.logObject(name);
        var found = records.find(bucket, logObject, identity);
        if (found.isPresent()) {
            // Recorded by its delivery, whose clean-up was lost: nothing to announce.
            cleaner.afterLogStored(name, JobOutcome.fromMetadata(found.get().metadata()));
            return;
        }
        var recorded = recorder.record(bucket, logObject, identity, job);
        cleaner.afterLogStored(name, JobOutcome.fromMetadata(recorded.log().metadata()));
        if (recorded.ours()) {
            metrics.orphanRecovered();
            logger.info("Recorded Job {}, which finished with nobody awaiting it: announcing its completion", name);
            sink.send(completions.completed(
                    request.get(), identity, job.getMetadata().getNamespace(), recorded.log()));
        }
    }

    @Override
    public void destroy() {
        recoveries.shutdownNow();
    }
}
