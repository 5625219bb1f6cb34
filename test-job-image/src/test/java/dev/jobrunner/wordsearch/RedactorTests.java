package dev.jobrunner.wordsearch;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTests {

    @Test
    @DisplayName("masks both keys wherever they appear, the longer one whole when it contains the other")
    void redactWhenTextHoldsKeysMasksThem() {
        // Given
        var redactor = Redactor.of(Map.of("MINIO_ACCESS_KEY", "admin", "MINIO_SECRET_KEY", "admin-secret"));

        // When
        var text = redactor.redact("Credential=admin/20261122, key admin-secret, again admin-secret");

        // Then
        assertThat(text).isEqualTo("Credential=[redacted]/20261122, key [redacted], again [redacted]");
    }

    @Test
    @DisplayName("leaves text alone when the keys are not set")
    void redactWhenKeysUnsetLeavesTextAlone() {
        // When
        var text = Redactor.of(Map.of("MINIO_SECRET_KEY", "")).redact("nothing secret");

        // Then
        assertThat(text).isEqualTo("nothing secret");
    }
}
