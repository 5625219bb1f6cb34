package dev.jobrunner.job;

import java.time.Duration;
import java.time.Instant;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobOutcomeTests {

    @Test
    void ofWhenJobIsCompleteIsSucceededWithItsTimes() {
        var outcome =
                JobOutcome.of(job("Complete", "CompletionsReached", "2026-11-22T10:00:00Z", "2026-11-22T10:01:30Z"));

        assertThat(outcome).hasValueSatisfying(o -> {
            assertThat(o.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(o.reason()).isEqualTo("CompletionsReached");
            assertThat(o.duration()).hasValue(Duration.ofSeconds(90));
        });
    }

    @Test
    void ofWhenDeadlineExceededIsTimedOut() {
        var outcome = JobOutcome.of(job("Failed", "DeadlineExceeded", "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z"));

        assertThat(outcome).map(JobOutcome::status).hasValue(JobStatus.TIMEDOUT);
    }

    @Test
    void ofWhenFailedForAnotherReasonIsFailed() {
        var outcome =
                JobOutcome.of(job("Failed", "BackoffLimitExceeded", "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z"));

        assertThat(outcome).map(JobOutcome::status).hasValue(JobStatus.FAILED);
    }

    @Test
    void ofWhenOnlyTerminalTargetsAreSetIsStillRunning() {
        // Kubernetes 1.31+ sets these while pods still terminate; their logs are not final yet.
        assertThat(JobOutcome.of(job(
                        "SuccessCriteriaMet", "CompletionsReached", "2026-11-22T10:00:00Z", "2026-11-22T10:00:09Z")))
                .isEmpty();
        assertThat(JobOutcome.of(
                        job("FailureTarget", "BackoffLimitExceeded", "2026-11-22T10:00:00Z", "2026-11-22T10:00:09Z")))
                .isEmpty();
        assertThat(JobOutcome.of(new JobBuilder()
                        .withNewMetadata()
                        .withName("fresh")
                        .endMetadata()
                        .build()))
                .isEmpty();
    }

    @Test
    void fromMetadataWhenWrittenByToMetadataGivesTheSameOutcome() {
        var outcome = new JobOutcome(
                JobStatus.FAILED,
                "BackoffLimitExceeded",
                "Job has reached the specified backoff limit – ünïcode & symbols=%",
                Instant.parse("2026-11-22T10:00:00Z"),
                Instant.parse("2026-11-22T10:05:00Z"));

        var metadata = outcome.toMetadata();

        assertThat(metadata.values()).allSatisfy(value -> assertThat(value).matches("\\p{ASCII}*"));
        assertThat(JobOutcome.fromMetadata(metadata)).isEqualTo(outcome);
    }

    private static Job job(String condition, String reason, String start, String end) {
        return new JobBuilder()
                .withNewMetadata()
                .withName("j")
                .endMetadata()
                .withNewStatus()
                .withStartTime(start)
                .withConditions(new JobConditionBuilder()
                        .withType(condition)
                        .withStatus("True")
                        .withReason(reason)
                        .withLastTransitionTime(end)
                        .build())
                .endStatus()
                .build();
    }
}
