package dev.jobrunner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.jobrunner.testing.TestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class JobRunnerPropertiesTests {

    @Test
    void bindWhenNothingSetGivesSafeDefaultsAndNoStorageEndpoint() {
        var properties = TestProperties.defaults();

        assertThat(properties.namespace()).isNull();
        assertThat(properties.job().defaultTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.job().maxTimeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(properties.job().allowedImages()).isEmpty();
        assertThat(properties.job().ttlAfterLogStored()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.job().credentialsSecret()).isEqualTo("minio-credentials");
        assertThat(properties.storage().endpoint()).isNull();
        assertThat(properties.storage().localDirectory()).isEqualTo(Path.of("job-logs"));
        assertThat(properties.storage().logPrefix()).isEqualTo("logs/");
        assertThat(properties.events().source()).isEqualTo(URI.create("/job-runner"));
    }

    @Test
    void bindWhenSetFromEnvironmentStyleNamesReadsEveryGroup() {
        var properties = TestProperties.bind(Map.of(
                "jobrunner.namespace", "batch",
                "jobrunner.job.max-timeout", "2h",
                "jobrunner.job.allowed-images", "ghcr.io/acme/,registry.example/",
                "jobrunner.storage.endpoint", "http://minio:9000",
                "jobrunner.storage.secret-key", "s3cr3t"));

        assertThat(properties.namespace()).isEqualTo("batch");
        assertThat(properties.job().maxTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(properties.job().allowedImages()).containsExactly("ghcr.io/acme/", "registry.example/");
        assertThat(properties.storage().endpoint()).isEqualTo(URI.create("http://minio:9000"));
        assertThat(properties.storage().secretKey()).isEqualTo("s3cr3t");
    }

    @Test
    void bindWhenSetAsEnvironmentVariablesUsesTheNamesTheReadmeGives() {
        var environment = new SystemEnvironmentPropertySource(
                "systemEnvironment",
                Map.of(
                        "JOBRUNNER_STORAGE_ACCESSKEY", "minio",
                        "JOBRUNNER_JOB_STORAGEHOST", "minio.default.svc",
                        "JOBRUNNER_JOB_MAXTIMEOUT", "90m"));

        var properties = new Binder(ConfigurationPropertySources.from(environment))
                .bindOrCreate("jobrunner", JobRunnerProperties.class);

        assertThat(properties.storage().accessKey()).isEqualTo("minio");
        assertThat(properties.job().storageHost()).isEqualTo("minio.default.svc");
        assertThat(properties.job().maxTimeout()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void toStringWhenCredentialsSetNeverShowsThem() {
        var properties = TestProperties.bind(
                Map.of("jobrunner.storage.access-key", "AKIAEXAMPLE", "jobrunner.storage.secret-key", "s3cr3t"));

        assertThat(properties.toString()).doesNotContain("AKIAEXAMPLE").doesNotContain("s3cr3t");
    }
}
