package dev.jobrunner.job;

import dev.jobrunner.request.JobRequest;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobIdentityTests {

    @Test
    void ofWhenTheSameEventArrivesAgainNamesTheSameJob() {
        var first = JobIdentity.of("report", "/sources/queue", "msg-1");
        var again = JobIdentity.of("report", "/sources/queue", "msg-1");

        assertThat(again).isEqualTo(first);
        assertThat(first.name()).matches("report-[0-9a-f]{12}");
    }

    @Test
    void ofWhenEventsDifferInIdOrSourceNamesDifferentJobs() {
        var name = JobIdentity.of("report", "/sources/queue", "msg-1").name();

        assertThat(JobIdentity.of("report", "/sources/queue", "msg-2").name()).isNotEqualTo(name);
        assertThat(JobIdentity.of("report", "/sources/other", "msg-1").name()).isNotEqualTo(name);
        assertThat(JobIdentity.of("report", "/sources/queuemsg-1", "").name())
                .as("source and id cannot run into each other")
                .isNotEqualTo(
                        JobIdentity.of("report", "/sources/queue", "msg-1").name());
    }

    @Test
    void ofWhenJobNameIsAsLongAsAllowedStaysAValidLabel() {
        var name = JobIdentity.of("a".repeat(JobRequest.MAX_JOB_NAME_LENGTH), "/s", "1")
                .name();

        assertThat(name).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void createdForWhenAnnotationsNameAnotherEventIsFalse() {
        var identity = JobIdentity.of("report", "/sources/queue", "msg-1");
        var mine = new JobBuilder()
                .withNewMetadata()
                .addToAnnotations(JobConventions.EVENT_ID_ANNOTATION, "msg-1")
                .addToAnnotations(JobConventions.EVENT_SOURCE_ANNOTATION, "/sources/queue")
                .endMetadata()
                .build();
        var theirs = new JobBuilder()
                .withNewMetadata()
                .addToAnnotations(JobConventions.EVENT_ID_ANNOTATION, "msg-9")
                .addToAnnotations(JobConventions.EVENT_SOURCE_ANNOTATION, "/sources/queue")
                .endMetadata()
                .build();

        assertThat(identity.createdFor(mine)).isTrue();
        assertThat(identity.createdFor(theirs)).isFalse();
        assertThat(identity.createdFor(
                        new JobBuilder().withNewMetadata().endMetadata().build()))
                .isFalse();
    }
}
