package dev.jobrunner.job;

import java.net.HttpURLConnection;

import dev.jobrunner.guard.Guard;
import dev.jobrunner.metrics.JobMetrics;
import dev.jobrunner.request.JobRequest;
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
    private final JobMetrics metrics;

    JobLauncher(
            KubernetesClient client,
            JobTemplate template,
            @Qualifier("kubernetesGuard") Guard guard,
            JobMetrics metrics) {
        this.client = client;
        this.template = template;
        this.guard = guard;
        this.metrics = metrics;
    }

    /** The namespace the Jobs run in. */
    public String namespace() {
        return client.getNamespace();
    }

    /** @return the Job running for this event, whichever delivery created it */
    public Job launch(JobRequest request, JobIdentity identity) {
        var desired = template.jobFor(request, identity);
        try {
            var created = guard.call(
                    () -> client.batch().v1().jobs().resource(desired).create());
            logger.info("Created Job {} running {} for event {}", identity.name(), request.image(), identity.eventId());
            metrics.jobStarted();
            return created;
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
        return existing;
    }
}
