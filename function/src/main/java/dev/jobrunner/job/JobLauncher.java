package dev.jobrunner.job;

import java.net.HttpURLConnection;
import java.time.Duration;

import dev.jobrunner.guard.Guard;
import dev.jobrunner.metrics.JobMetrics;
import dev.jobrunner.request.JobRequest;
import dev.jobrunner.request.RequestProperties;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Creates the Job for a request, once. A delivery whose Job already exists (a redelivery, or
 * the same event delivered twice at once) gets that Job back instead of a second one.
 */
@Component
public class JobLauncher {

    private static final Logger logger = LoggerFactory.getLogger(JobLauncher.class);

    private final KubernetesClient client;
    private final JobTemplate template;
    private final Guard guard;
    private final Duration maxTimeout;
    private final JobMetrics metrics;

    JobLauncher(
            KubernetesClient client,
            JobTemplate template,
            @Qualifier("kubernetesGuard") Guard guard,
            RequestProperties requests,
            JobMetrics metrics) {
        this.client = client;
        this.template = template;
        this.guard = guard;
        this.maxTimeout = requests.maxTimeout();
        this.metrics = metrics;
    }

    /** The namespace the Jobs run in. */
    public String namespace() {
        return client.getNamespace();
    }

    /**
     * @return the Job running for this event, whichever delivery created it, as the caches keep it
     *     ({@link KeptFields}): its delivery holds it for as long as the Job runs
     */
    public Job launch(JobRequest request, JobIdentity identity) {
        var desired = template.jobFor(request, identity);
        try {
            var created = guard.call(
                    patience(request),
                    () -> client.batch().v1().jobs().resource(desired).create());
            logger.info("Created Job {} running {} for event {}", identity.name(), request.image(), identity.eventId());
            metrics.jobStarted();
            return KeptFields.job(created);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        var existing = guard.call(
                () -> client.batch().v1().jobs().withName(identity.name()).get());
        if (existing == null) {
            // Cleaned up between our create and get, most likely after another delivery stored its log:
            // creating it again would run the event twice. The redelivery finds that stored log.
            throw new JobConflictException("Job " + identity.name() + " for event " + identity.eventId()
                    + " was removed right after another delivery created it");
        }
        if (!identity.createdFor(existing)) {
            throw new JobConflictException("Job " + identity.name()
                    + " already exists for another event; its name hash collides with event " + identity.eventId());
        }
        logger.info("Job {} already exists for event {}: awaiting it", identity.name(), identity.eventId());
        return KeptFields.job(existing);
    }

    /**
     * How long the create may wait for its turn in a burst, or while the API server asks to slow
     * down: what its request's {@code timeOut} leaves unused of the longest delivery the
     * deployment allows for (the Service's timeoutSeconds covers max-timeout, wait-grace and the
     * upload). A 5-minute Job of a 60-minute budget may queue 55 minutes and still end before
     * Knative gives up on its delivery; a queued delivery keeps its place rather than spending
     * Knative's few retries. Past that, the delivery is answered 429.
     */
    private Duration patience(JobRequest request) {
        var unused = maxTimeout.minus(request.timeout());
        return unused.isNegative() ? Duration.ZERO : unused;
    }
}
