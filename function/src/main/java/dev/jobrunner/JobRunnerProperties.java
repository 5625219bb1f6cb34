package dev.jobrunner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Everything job-runner can be told, bound from {@code jobrunner.*} properties or their
 * {@code JOBRUNNER_*} environment variables.
 *
 * @param namespace namespace the Jobs run in; unset means the namespace of the current kubeconfig
 *     context, or the function's own namespace when it runs in a cluster
 * @param job how a request becomes a Kubernetes Job
 * @param storage where Job logs are kept
 * @param events the completion events the function replies with
 */
@ConfigurationProperties("jobrunner")
public record JobRunnerProperties(
        String namespace,
        @DefaultValue Job job,
        @DefaultValue Storage storage,
        @DefaultValue Events events) {

    /**
     * How a request becomes a Kubernetes Job.
     *
     * @param defaultTimeout run-time limit of a Job whose request names no {@code timeOut}
     * @param maxTimeout longest {@code timeOut} a request may ask for; the Knative Service's
     *     {@code timeoutSeconds} must cover it plus {@code waitGrace} and the log upload
     * @param allowedImages image prefixes a request may use, such as {@code ghcr.io/acme/};
     *     empty allows any image
     * @param template the Job every request starts from (YAML); the request fills in name,
     *     labels, image, command, env and limits
     * @param waitGrace how long past a Job's deadline the function keeps waiting for the cluster
     *     to report it, before it deletes the Job itself
     * @param startGrace how long a pod may be stuck before its container starts (image pull
     *     failing, invalid image name, container configuration error, unschedulable) before the
     *     Job is given up as failed and deleted, instead of waiting out its deadline
     * @param safetyTtl {@code ttlSecondsAfterFinished} of a Job whose log is not stored yet, so an
     *     object-storage outage never loses a log
     * @param ttlAfterLogStored {@code ttlSecondsAfterFinished} once the log is stored
     * @param storageHost {@code MINIO_SERVICE_HOST} given to Jobs; unset means the host of
     *     {@code jobrunner.storage.endpoint}
     * @param storagePort {@code MINIO_SERVICE_PORT} given to Jobs; unset means the port of
     *     {@code jobrunner.storage.endpoint}
     * @param credentialsSecret Secret whose keys {@code MINIO_ACCESS_KEY} and
     *     {@code MINIO_SECRET_KEY} Jobs receive under the same names, by reference
     */
    public record Job(
            @DefaultValue("15m") Duration defaultTimeout,
            @DefaultValue("60m") Duration maxTimeout,
            @DefaultValue List<String> allowedImages,
            @DefaultValue("classpath:job-template.yaml") Resource template,
            @DefaultValue("2m") Duration waitGrace,
            @DefaultValue("3m") Duration startGrace,
            @DefaultValue("7d") Duration safetyTtl,
            @DefaultValue("30s") Duration ttlAfterLogStored,
            String storageHost,
            Integer storagePort,
            @DefaultValue("minio-credentials") String credentialsSecret) {}

    /**
     * Where Job logs are kept: an S3-compatible object store, or a local directory when no
     * endpoint is set.
     *
     * @param endpoint URL of the S3-compatible store, such as {@code http://minio:9000}; unset
     *     keeps logs under {@code localDirectory}
     * @param accessKey access key for the store
     * @param secretKey secret key for the store
     * @param region region of the store, for stores that need one
     * @param logPrefix key prefix of the log objects in the output bucket
     * @param localDirectory directory for logs when no endpoint is set, one folder per bucket
     */
    public record Storage(
            URI endpoint,
            String accessKey,
            String secretKey,
            String region,
            @DefaultValue("logs/") String logPrefix,
            @DefaultValue("job-logs") Path localDirectory) {

        /** Leaves the keys out, so that logging the configuration never shows a credential. */
        @Override
        public String toString() {
            return "Storage[endpoint=%s, region=%s, logPrefix=%s, localDirectory=%s]"
                    .formatted(endpoint, region, logPrefix, localDirectory);
        }
    }

    /**
     * The completion events.
     *
     * @param source {@code source} attribute of every completion event
     */
    public record Events(@DefaultValue("/job-runner") URI source) {}
}
