package dev.jobrunner.job;

import java.net.HttpURLConnection;

import dev.jobrunner.guard.Guard;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Lets the cluster remove a Job once its log is safe, or removes it outright when it is over. */
@Component
public class JobCleaner {

    private final KubernetesClient client;
    private final Guard guard;
    private final String ttlPatch;

    JobCleaner(KubernetesClient client, @Qualifier("kubernetesGuard") Guard guard, JobProperties properties) {
        this.client = client;
        this.guard = guard;
        this.ttlPatch = "{\"spec\":{\"ttlSecondsAfterFinished\":%d}}"
                .formatted(properties.ttlAfterLogStored().toSeconds());
    }

    /**
     * Once the Job's log is stored: deletes a Job that ran out of time or never started, and lets
     * the others go after their short TTL.
     */
    public void afterLogStored(String jobName, JobOutcome outcome) {
        if (outcome.deleteWhenLogStored()) {
            delete(jobName);
        } else {
            releaseAfterLogStored(jobName);
        }
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
