package dev.jobrunner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.jobrunner.testing.TestProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code jobrunner.*} configuration records, bound as Spring Boot binds them, without Spring. */
class ConfigurationPropertiesTests {

    @Test
    void bindWhenNothingSetGivesSafeDefaultsAndNoStorageEndpoint() {
        var properties = TestProperties.defaults();

        assertThat(properties.kubernetes().namespace()).isNull();
        assertThat(properties.request().defaultTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.request().maxTimeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(properties.request().allowedImages()).isEmpty();
        assertThat(properties.request().maxRequestSize()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(properties.job().ttlAfterLogStored()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.job().credentialsSecret()).isEqualTo("job-storage-credentials");
        assertThat(properties.storage().endpoint()).isNull();
        assertThat(properties.storage().localDirectory()).isEqualTo(Path.of("job-logs"));
        assertThat(properties.storage().logObject("wordcount-0123456789ab"))
                .isEqualTo("logs/wordcount-0123456789ab.log");
        assertThat(properties.events().source()).isEqualTo(URI.create("/job-runner"));
    }

    @Test
    void bindWhenSetReadsEveryGroup() {
        var properties = TestProperties.bind(Map.of(
                "jobrunner.namespace", "batch",
                "jobrunner.job.max-timeout", "2h",
                "jobrunner.job.allowed-images", "ghcr.io/acme/,registry.example",
                "jobrunner.storage.endpoint", "http://minio:9000",
                "jobrunner.storage.access-key", "minio",
                "jobrunner.storage.secret-key", "s3cr3t"));

        assertThat(properties.kubernetes().namespace()).isEqualTo("batch");
        assertThat(properties.request().maxTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(properties.request().allowedImages()).containsExactly("ghcr.io/acme/", "registry.example");
        assertThat(properties.storage().endpoint()).isEqualTo(URI.create("http://minio:9000"));
        assertThat(properties.storage().secretKey()).isEqualTo("s3cr3t");
    }

    @Test
    void bindWhenSetAsEnvironmentVariablesUsesTheNamesTheReadmeGives() {
        var environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                        "JOBRUNNER_STORAGE_ACCESSKEY", "minio",
                        "JOBRUNNER_STORAGE_SECRETKEY", "s3cr3t",
                        "JOBRUNNER_JOB_STORAGEHOST", "minio.default.svc",
                        "JOBRUNNER_JOB_MAXTIMEOUT", "90m"));

        var properties = TestProperties.bind(
                ConfigurationPropertySources.from(environment).iterator().next());

        assertThat(properties.storage().accessKey()).isEqualTo("minio");
        assertThat(properties.job().storageHost()).isEqualTo("minio.default.svc");
        assertThat(properties.request().maxTimeout()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void toStringWhenCredentialsSetNeverShowsThem() {
        var properties = TestProperties.bind(
                Map.of("jobrunner.storage.access-key", "AKIAEXAMPLE", "jobrunner.storage.secret-key", "s3cr3t"));

        assertThat(properties.toString()).doesNotContain("AKIAEXAMPLE").doesNotContain("s3cr3t");
    }

    @ParameterizedTest(name = "{0}={1}")
    @DisplayName("A bad value stops the function with a message naming the property")
    @CsvSource(delimiter = '|', textBlock = """
            jobrunner.job.wait-grace           | -58s                  | jobrunner.job.wait-grace must not be negative
            jobrunner.job.start-grace          | 0s                    | jobrunner.job.start-grace must be longer than zero
            jobrunner.job.safety-ttl           | -1d                   | jobrunner.job.safety-ttl must be longer than zero
            jobrunner.job.storage-port         | 70000                 | jobrunner.job.storage-port must be a port from 1 to 65535
            jobrunner.job.max-timeout          | 10m                   | jobrunner.job.max-timeout (PT10M) must not be shorter than jobrunner.job.default-timeout (PT15M)
            jobrunner.job.default-timeout      | 90s                   | jobrunner.job.default-timeout must be a whole number of minutes
            jobrunner.job.allowed-images       | ghcr.io/acme:latest   | jobrunner.job.allowed-images entry 'ghcr.io/acme:latest' must be a registry host
            jobrunner.job.allowed-images       | ghcr.io/Acme          | jobrunner.job.allowed-images entry 'ghcr.io/Acme' must be a registry host
            jobrunner.job.max-request-size     | 64                    | jobrunner.job.max-request-size must be from 1KB to 3MB, was 64 bytes
            jobrunner.job.max-request-size     | 4MB                   | jobrunner.job.max-request-size must be from 1KB to 3MB, was 4194304 bytes
            jobrunner.storage.endpoint         | minio:9000            | jobrunner.storage.endpoint must be an http or https URL
            jobrunner.storage.access-key       | minio                 | jobrunner.storage.access-key and jobrunner.storage.secret-key must be set together
            jobrunner.storage.log-prefix       | ../other/             | jobrunner.storage.log-prefix must be a relative key prefix
            """)
    void bindWhenValueIsBadNamesTheProperty(String property, String value, String message) {
        assertThatThrownBy(() -> TestProperties.bind(Map.of(property, value)))
                .isInstanceOf(BindException.class)
                .satisfies(e -> assertThat(
                                NestedExceptionUtils.getMostSpecificCause(e).getMessage())
                        .startsWith(message));
    }
}
