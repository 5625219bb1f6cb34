package dev.jobrunner;

import java.util.LinkedHashMap;
import java.util.UUID;

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

    // Which writer stored a record: the first, among instances racing for one Job, sends its event.
    private static final String WRITER = "recordedby";

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
            var writer = UUID.randomUUID().toString();
            var metadata = new LinkedHashMap<>(outcome.toMetadata());
            metadata.putAll(log.toMetadata());
            metadata.put(WRITER, writer);
            var stored = metrics.stored(() -> records.store(bucket, object, identity, log, metadata));
            return new Recorded(stored, writer.equals(stored.metadata().get(WRITER)));
        }
    }

    /**
     * @param log the Job's completion record
     * @param ours whether this call stored it, rather than finding another writer's
     */
    record Recorded(StoredLog log, boolean ours) {}
}
