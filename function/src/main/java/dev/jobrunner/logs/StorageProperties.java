package dev.jobrunner.logs;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Job logs are kept, bound from {@code jobrunner.storage.*}: an S3-compatible object store,
 * or a local directory when no endpoint is set.
 *
 * @param endpoint URL of the S3-compatible store, such as {@code http://minio:9000}; unset keeps
 *     logs under {@code localDirectory}
 * @param accessKey access key for the store
 * @param secretKey secret key for the store
 * @param region region of the store, for stores that need one
 * @param logPrefix key prefix of the log objects in the output bucket
 * @param localDirectory directory for logs when no endpoint is set, one folder per bucket
 */
@ConfigurationProperties("jobrunner.storage")
public record StorageProperties(
        URI endpoint,
        String accessKey,
        String secretKey,
        String region,
        @DefaultValue("logs/") String logPrefix,
        @DefaultValue("job-logs") Path localDirectory) {

    public StorageProperties {
        if (endpoint != null && !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException(
                    "jobrunner.storage.endpoint must be an http or https URL, was " + endpoint);
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException(
                    "jobrunner.storage.access-key and jobrunner.storage.secret-key must be set together");
        }
        if (logPrefix.startsWith("/") || logPrefix.contains("..")) {
            throw new IllegalArgumentException(
                    "jobrunner.storage.log-prefix must be a relative key prefix such as logs/, was " + logPrefix);
        }
    }

    /** The key of a Job's log, its completion record, in the output bucket. */
    public String logObject(String kubernetesJobName) {
        return logPrefix + kubernetesJobName + ".log";
    }

    /** Leaves the keys out, so that logging the configuration never shows a credential. */
    @Override
    public String toString() {
        return "StorageProperties[endpoint=%s, region=%s, logPrefix=%s, localDirectory=%s]"
                .formatted(endpoint, region, logPrefix, localDirectory);
    }
}
