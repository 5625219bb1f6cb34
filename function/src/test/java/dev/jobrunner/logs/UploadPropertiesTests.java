package dev.jobrunner.logs;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadPropertiesTests {

    @Test
    void bindWhenUnsetGivesTheMeasuredDefaults() {
        var upload = bind(Map.of());

        assertThat(upload.partSize()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(upload.parallelParts()).isEqualTo(4);
    }

    @Test
    void bindWhenPartSizeBelowS3sSmallestFailsNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("jobrunner.storage.upload.part-size", "4MB")))
                .rootCause()
                .hasMessageContaining("jobrunner.storage.upload.part-size must be from 5MB to 5GB");
    }

    @Test
    void bindWhenNoPartsAtOnceFailsNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("jobrunner.storage.upload.parallel-parts", "0")))
                .rootCause()
                .hasMessageContaining("jobrunner.storage.upload.parallel-parts must be from 1 to 16, was 0");
    }

    private static UploadProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobrunner.storage.upload", UploadProperties.class);
    }
}
