package dev.jobrunner.job;

import java.io.IOException;
import java.time.Duration;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which API server answers are back-pressure, which are failures, and which are neither. */
class TransientClusterFailureTests {

    private final TransientClusterFailure failures = new TransientClusterFailure();

    @Test
    @DisplayName("429 from the max-in-flight or fairness filters (no Status details): back-pressure of 1 s, no failure")
    void retryAfterWhenTooManyRequestsWithoutDetailsIsOneSecond() {
        var refused = answered(new StatusBuilder()
                .withCode(429)
                .withMessage("Too many requests")
                .build());

        assertThat(TransientClusterFailure.retryAfter(refused)).hasValue(Duration.ofSeconds(1));
        assertThat(failures.test(refused)).isFalse();
    }

    @Test
    @DisplayName("429 with details.retryAfterSeconds: back-pressure for as long as it says")
    void retryAfterWhenTooManyRequestsWithDetailsIsAsAsked() {
        var refused = answered(new StatusBuilder()
                .withCode(429)
                .withNewDetails()
                .withRetryAfterSeconds(7)
                .endDetails()
                .build());

        assertThat(TransientClusterFailure.retryAfter(refused)).hasValue(Duration.ofSeconds(7));
    }

    @Test
    @DisplayName("5xx and no answer: failures, not back-pressure; other 4xx: neither")
    void failuresAreFiveHundredsAndNoAnswer() {
        var internalError = answered(new StatusBuilder().withCode(500).build());
        var noAnswer = new KubernetesClientException("no answer", new IOException("connection refused"));
        var conflict = answered(new StatusBuilder().withCode(409).build());

        assertThat(failures.test(internalError)).isTrue();
        assertThat(failures.test(noAnswer)).isTrue();
        assertThat(failures.test(conflict)).isFalse();
        assertThat(TransientClusterFailure.retryAfter(internalError)).isEmpty();
        assertThat(TransientClusterFailure.retryAfter(noAnswer)).isEmpty();
        assertThat(TransientClusterFailure.retryAfter(conflict)).isEmpty();
    }

    private static KubernetesClientException answered(Status status) {
        return new KubernetesClientException(status);
    }
}
