package dev.jobrunner.wordsearch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30.120Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    @DisplayName("prints a timestamped line with both keys masked, the longer one whole when it contains the other")
    void printWhenMessageHoldsKeysMasksThem() {
        // Given
        var log = log(Map.of("MINIO_ACCESS_KEY", "admin", "MINIO_SECRET_KEY", "admin-secret"));

        // When
        log.print("Credential=%s/20261122, key %s, again %s", "admin", "admin-secret", "admin-secret");

        // Then
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("2026-11-22T10:15:30.120Z Credential=[redacted]/20261122, key [redacted], again [redacted]"
                        + System.lineSeparator());
    }

    @Test
    @DisplayName("masks the keys in a stack trace")
    void printStackTraceWhenMessageHoldsKeyMasksIt() {
        // Given
        var log = log(Map.of("MINIO_SECRET_KEY", "admin-secret"));

        // When
        log.printStackTrace(new IllegalStateException("signed with admin-secret"));

        // Then
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("java.lang.IllegalStateException: signed with [redacted]")
                .doesNotContain("admin-secret");
    }

    @Test
    @DisplayName("leaves text alone when the keys are not set")
    void redactWhenKeysUnsetLeavesTextAlone() {
        // When
        var text = log(Map.of("MINIO_SECRET_KEY", "")).redact("nothing secret");

        // Then
        assertThat(text).isEqualTo("nothing secret");
    }

    private Log log(Map<String, String> environment) {
        return new Log(new PrintStream(out, true, StandardCharsets.UTF_8), CLOCK, environment);
    }
}
