package dev.jobrunner.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * How a request becomes a Kubernetes Job and how long the function waits for it, bound from
 * {@code jobrunner.job.*}. The limits on what a request may ask for are bound from the same
 * prefix by {@code dev.jobrunner.request.RequestProperties}.
 *
 * @param template the Job every request starts from (YAML); the request fills in name, labels,
 *     image, command, env and limits
 * @param waitGrace how long past a Job's deadline the function keeps waiting for the cluster to
 *     report it, before it deletes the Job itself
 * @param startGrace how long a pod may be stuck before its container starts (image pull failing,
 *     invalid image name, container configuration error, unschedulable) before the Job is given up
 *     as failed and deleted, instead of waiting out its deadline
 * @param safetyTtl {@code ttlSecondsAfterFinished} of a Job whose log is not stored yet, so an
 *     object-storage outage never loses a log
 * @param ttlAfterLogStored {@code ttlSecondsAfterFinished} once the log is stored
 * @param storageHost {@code MINIO_SERVICE_HOST} given to Jobs; unset means the host of
 *     {@code jobrunner.storage.endpoint}
 * @param storagePort {@code MINIO_SERVICE_PORT} given to Jobs; unset means the port of
 *     {@code jobrunner.storage.endpoint}
 * @param credentialsSecret Secret whose keys {@code MINIO_ACCESS_KEY} and {@code MINIO_SECRET_KEY}
 *     Jobs receive under the same names, by reference
 */
@ConfigurationProperties("jobrunner.job")
public record JobProperties(
        @DefaultValue("classpath:job-template.yaml") Resource template,
        @DefaultValue("2m") Duration waitGrace,
        @DefaultValue("3m") Duration startGrace,
        @DefaultValue("7d") Duration safetyTtl,
        @DefaultValue("30s") Duration ttlAfterLogStored,
        String storageHost,
        Integer storagePort,
        @DefaultValue("job-storage-credentials") String credentialsSecret) {

    public JobProperties {
        requireNotNegative("jobrunner.job.wait-grace", waitGrace);
        requirePositive("jobrunner.job.start-grace", startGrace);
        requirePositive("jobrunner.job.safety-ttl", safetyTtl);
        requireNotNegative("jobrunner.job.ttl-after-log-stored", ttlAfterLogStored);
        if (storagePort != null && (storagePort < 1 || storagePort > 65535)) {
            throw new IllegalArgumentException(
                    "jobrunner.job.storage-port must be a port from 1 to 65535, was " + storagePort);
        }
        if (credentialsSecret == null || credentialsSecret.isBlank()) {
            throw new IllegalArgumentException("jobrunner.job.credentials-secret must name a Secret");
        }
    }

    private static void requireNotNegative(String property, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative, was " + value);
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be longer than zero, was " + value);
        }
    }
}
