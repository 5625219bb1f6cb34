package dev.jobrunner.job;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobrunner.guard.Guard;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Lets the cluster remove a Job once its log is safe, or removes it outright when it is over. It
 * runs beside the reply, not on its path: a completed event is answered from its stored record
 * even while the Kubernetes API is down, and the clean-up is tried again later. Until it succeeds
 * the Job's safety TTL keeps it, which costs nothing but a Job object.
 */
@Component
public class JobCleaner implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(JobCleaner.class);
    // Past the guard's own retries: about an hour of a failing API server, then the safety TTL rules.
    private static final Duration RETRY_AFTER = Duration.ofMinutes(1);
    private static final int MAX_TRIES = 60;

    private final KubernetesClient client;
    private final Guard guard;
    private final String ttlPatch;
    private final long safetyTtlSeconds;
    private final ScheduledExecutorService cleanUps =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());

    JobCleaner(KubernetesClient client, @Qualifier("kubernetesGuard") Guard guard, JobProperties properties) {
        this.client = client;
        this.guard = guard;
        this.safetyTtlSeconds = properties.safetyTtl().toSeconds();
        this.ttlPatch = "{\"spec\":{\"ttlSecondsAfterFinished\":%d}}"
                .formatted(properties.ttlAfterLogStored().toSeconds());
    }

    /**
     * Once the Job's log is stored: deletes a Job that ran out of time or never started, and lets
     * the others go after their short TTL.
     */
    public void afterLogStored(String jobName, JobOutcome outcome) {
        Runnable cleanUp = outcome.deleteWhenLogStored() ? () -> delete(jobName) : () -> releaseAfterLogStored(jobName);
        // Retries run later on the clean-up thread, still naming the delivery's Job and event.
        cleanUps.execute(JobLogContext.carried(() -> cleanUp(jobName, cleanUp, 1)));
    }

    /**
     * Whether the Job still carries the safety TTL it was created with: no instance has stored its
     * log and cleaned it up yet (or is about to).
     */
    public boolean stillKept(Job job) {
        var ttl = job.getSpec() == null ? null : job.getSpec().getTtlSecondsAfterFinished();
        return ttl != null && ttl == safetyTtlSeconds;
    }

    /**
     * Deletes, now, a Job just created for an event whose completion record another instance had
     * stored meanwhile: it would run the event a second time. Its pods go with it in the background;
     * should the API refuse, the deletion is tried again beside the reply.
     */
    public void deleteRerun(String jobName) {
        logger.warn("Job {} was created after its event's completion record was stored: deleting it", jobName);
        cleanUp(jobName, () -> delete(jobName), 1);
    }

    private void cleanUp(String jobName, Runnable cleanUp, int attempt) {
        try {
            cleanUp.run();
        } catch (RuntimeException e) {
            if (attempt >= MAX_TRIES) {
                logger.warn("Gave up cleaning up Job {}; its safety TTL removes it: {}", jobName, e.getMessage());
                return;
            }
            logger.info("Could not clean up Job {} yet ({}); trying again in {}", jobName, e.getMessage(), RETRY_AFTER);
            cleanUps.schedule(
                    JobLogContext.carried(() -> cleanUp(jobName, cleanUp, attempt + 1)),
                    RETRY_AFTER.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void destroy() {
        cleanUps.shutdownNow();
    }

    /**
     * Shortens the Job's safety TTL: its log is stored, the Job and its pods can go. The patch
     * names the Job by a bare object rather than {@code withName}: fabric8 reads a Job named that
     * way from the API server before patching it, one call per delivery the patch does not need.
     */
    private void releaseAfterLogStored(String jobName) {
        var named = new JobBuilder()
                .withNewMetadata()
                .withName(jobName)
                .endMetadata()
                .build();
        ignoringGone(() ->
                client.batch().v1().jobs().resource(named).patch(PatchContext.of(PatchType.JSON_MERGE), ttlPatch));
    }

    /** Deletes a Job and, in the background, its pods. */
    private void delete(String jobName) {
        ignoringGone(() -> client.batch()
                .v1()
                .jobs()
                .withName(jobName)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete());
    }

    /** A Job that is gone already needs no clean-up. */
    private void ignoringGone(Runnable call) {
        try {
            guard.run(call);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }
}
