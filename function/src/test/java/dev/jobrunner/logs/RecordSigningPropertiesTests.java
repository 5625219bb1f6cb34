package dev.jobrunner.logs;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordSigningPropertiesTests {

    private static final String KEY = "c2lnbmluZy1rZXktb2YtYXQtbGVhc3QtdGhpcnR5LXR3by1ieXRlcw==";

    @Test
    void bindWhenUnsetHasNoKeys() {
        assertThat(bind(Map.of()).keys()).isEmpty();
    }

    @Test
    void bindWhenSeveralKeysKeepsTheirOrderSoTheFirstSigns() {
        // When
        var signing = bind(Map.of(
                "jobrunner.storage.signing-keys[0]",
                "2026-12:" + KEY,
                "jobrunner.storage.signing-keys[1]",
                "2026-06:" + KEY));

        // Then
        assertThat(signing.keys()).containsOnlyKeys("2026-12", "2026-06");
        assertThat(signing.keys().keySet().iterator().next()).isEqualTo("2026-12");
        assertThat(signing.toString()).doesNotContain(KEY);
    }

    @Test
    void bindWhenKeyIsShortFailsNamingThePropertyNotTheKey() {
        var shortKey = "c2hvcnQta2V5";
        assertThatThrownBy(() -> bind(Map.of("jobrunner.storage.signing-keys[0]", "k1:" + shortKey)))
                .rootCause()
                .hasMessageContaining("jobrunner.storage.signing-keys[0] (key id k1) must be at least 32 bytes")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void bindWhenKeyIsNotBase64FailsWithoutQuotingIt() {
        assertThatThrownBy(() -> bind(Map.of("jobrunner.storage.signing-keys[0]", "k1:not*base64*secret")))
                .rootCause()
                .hasMessageContaining("jobrunner.storage.signing-keys[0] (key id k1) is not valid base64")
                .hasMessageNotContaining("secret");
    }

    @Test
    void bindWhenEntryHasNoKeyIdOrRepeatsOneFails() {
        assertThatThrownBy(() -> bind(Map.of("jobrunner.storage.signing-keys[0]", KEY)))
                .rootCause()
                .hasMessageContaining("jobrunner.storage.signing-keys[0] must be keyId:base64Key");
        assertThatThrownBy(() -> bind(Map.of(
                        "jobrunner.storage.signing-keys[0]",
                        "k1:" + KEY,
                        "jobrunner.storage.signing-keys[1]",
                        "k1:" + KEY)))
                .rootCause()
                .hasMessageContaining("jobrunner.storage.signing-keys[1] repeats key id k1");
    }

    private static RecordSigningProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobrunner.storage", RecordSigningProperties.class);
    }
}
