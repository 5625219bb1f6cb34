package dev.jobrunner;

import java.util.LinkedHashMap;

import dev.jobrunner.job.JobIdentity;
import dev.jobrunner.job.JobWaits;
import dev.jobrunner.logs.CompletionRecords;
import dev.jobrunner.logs.LogFollower;
import dev.jobrunner.logs.PodLogs;
import dev.jobrunner.logs.StoredLog;
import dev.jobrunner.metrics.JobMetrics;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.springframework.stereotype.Component;

/**
 * Turns a Job into its completion record: follows its pods' logs, awaits its end, and stores the
 * log with the outcome. Whoever stores first wins; the others get the first record back.
 */
@Component
class JobRecorder {

    private final LogFollower follower;
    private final JobWaits waits;
    private final PodLogs podLogs;
    private final CompletionRecords records;
    private final JobMetrics metrics;

    JobRecorder(LogFollower follower, JobWaits waits, PodLogs podLogs, CompletionRecords records, JobMetrics metrics) {
        this.follower = follower;
        this.waits = waits;
        this.podLogs = podLogs;
        this.records = records;
        this.metrics = metrics;
    }

    /**
     * @param bucket where the record goes
     * @param object the record's key
     */
    Recorded record(String bucket, String object, JobIdentity identity, Job job) {
        // Followed from each container's start: the kubelet keeps only the newest part of a long log.
        try (var followed = follower.follow(job)) {
            var outcome = metrics.awaited(() -> waits.awaitFinish(job));
            var log = podLogs.collect(followed);
            var metadata = new LinkedHashMap<>(outcome.toMetadata());
            metadata.putAll(log.toMetadata());
            // The store says whether this call wrote the record: among instances racing for one
            // Job, that one sends its event.
            var stored = metrics.stored(() -> records.store(bucket, object, identity, log, metadata));
            return new Recorded(stored.log(), stored.writtenHere());
        }
    }

    /**
     * @param log the Job's completion record
     * @param ours whether this call stored it, rather than finding another writer's
     */
    record Recorded(StoredLog log, boolean ours) {}
}
