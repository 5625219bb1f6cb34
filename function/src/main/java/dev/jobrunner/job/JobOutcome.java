package dev.jobrunner.job;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/**
 * How a Job ended. It travels with the stored log as object metadata, which makes the log the
 * Job's completion record: a redelivery replies from it without asking the cluster.
 *
 * @param status succeeded, failed or timed out
 * @param reason the machine-readable reason of the Job's final condition, such as
 *     {@code DeadlineExceeded}
 * @param message the Job's own explanation, if it gave one
 * @param startTime when the Job started, if it did
 * @param finishTime when the Job finished, if the cluster said
 */
public record JobOutcome(JobStatus status, String reason, String message, Instant startTime, Instant finishTime) {

    private static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    // S3 keeps user metadata to 2 KiB in all; a long message is cut to fit.
    private static final int MAX_MESSAGE = 512;

    /** The outcome of a Job the cluster reports finished, or empty while it runs. */
    public static Optional<JobOutcome> of(Job job) {
        var status = job.getStatus();
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        var startTime = instant(status.getStartTime());
        for (JobCondition condition : status.getConditions()) {
            if (!"True".equals(condition.getStatus())) {
                continue;
            }
            var finishedAt = instant(condition.getLastTransitionTime());
            if ("Complete".equals(condition.getType())) {
                var completionTime = instant(status.getCompletionTime());
                return Optional.of(new JobOutcome(
                        JobStatus.SUCCEEDED,
                        orElse(condition.getReason(), "Completed"),
                        condition.getMessage(),
                        startTime,
                        completionTime != null ? completionTime : finishedAt));
            }
            if ("Failed".equals(condition.getType())) {
                var timedOut = DEADLINE_EXCEEDED.equals(condition.getReason());
                return Optional.of(new JobOutcome(
                        timedOut ? JobStatus.TIMEDOUT : JobStatus.FAILED,
                        orElse(condition.getReason(), "Failed"),
                        condition.getMessage(),
                        startTime,
                        finishedAt));
            }
        }
        return Optional.empty();
    }

    /** A Job deleted by someone else before it finished: it will never report an outcome. */
    static JobOutcome deleted(Job job) {
        return new JobOutcome(
                JobStatus.FAILED, "Deleted", "the Job was deleted before it finished", startTime(job), null);
    }

    /** The same outcome, known to have run out of time: its pod's deadline stopped it. */
    public JobOutcome timedOut() {
        return new JobOutcome(
                JobStatus.TIMEDOUT, DEADLINE_EXCEEDED, "the pod was active longer than timeOut", startTime, finishTime);
    }

    /** A Job whose pod cannot start: it would only wait out its deadline. */
    static JobOutcome unstartable(Job job, String reason, String message) {
        return new JobOutcome(JobStatus.FAILED, reason, message, startTime(job), null);
    }

    /** A Job the cluster did not report finished, long after its deadline. */
    static JobOutcome waitLimitExceeded(Job job, Duration waited) {
        return new JobOutcome(
                JobStatus.TIMEDOUT,
                "WaitLimitExceeded",
                "the cluster did not report the Job finished within " + waited + "; job-runner deletes it",
                startTime(job),
                null);
    }

    /**
     * Whether job-runner deletes the Job once its log is stored, rather than leave it to its short
     * TTL: a Job the cluster did not finish (it could not start, or outlived its wait) would
     * otherwise run on. A finished one stays briefly, which also lets another instance still
     * uploading the same log read its pods.
     */
    public boolean deleteWhenLogStored() {
        return finishTime == null;
    }

    /** How long the Job ran, if both ends are known. */
    public Optional<Duration> duration() {
        return startTime == null || finishTime == null
                ? Optional.empty()
                : Optional.of(Duration.between(startTime, finishTime));
    }

    /** The outcome as S3 user metadata: lower-case keys, ASCII values. */
    public Map<String, String> toMetadata() {
        var metadata = new LinkedHashMap<String, String>();
        metadata.put("jobstatus", status.value());
        metadata.put("reason", reason);
        if (message != null) {
            var cut = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
            metadata.put("message", URLEncoder.encode(cut, StandardCharsets.UTF_8));
        }
        if (startTime != null) {
            metadata.put("starttime", startTime.toString());
        }
        if (finishTime != null) {
            metadata.put("finishtime", finishTime.toString());
        }
        return metadata;
    }

    public static JobOutcome fromMetadata(Map<String, String> metadata) {
        var message = metadata.get("message");
        return new JobOutcome(
                JobStatus.of(metadata.get("jobstatus")),
                metadata.get("reason"),
                message == null ? null : URLDecoder.decode(message, StandardCharsets.UTF_8),
                instant(metadata.get("starttime")),
                instant(metadata.get("finishtime")));
    }

    private static Instant startTime(Job job) {
        return job.getStatus() == null ? null : instant(job.getStatus().getStartTime());
    }

    /** Kubernetes and the metadata both write RFC 3339 UTC times. */
    private static Instant instant(String time) {
        return time == null ? null : Instant.parse(time);
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
