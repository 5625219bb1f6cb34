package dev.jobrunner.job;

import java.net.HttpURLConnection;

import dev.jobrunner.guard.Guard;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Decides which instance announces a Job's start, so the Broker gets one started event per Job
 * however many instances see its pod start, and however often. The claim is an annotation on the
 * Job written with a merge patch that carries the {@code resourceVersion} it was read at: the API
 * server applies it only to that version and answers 409 to everyone else (optimistic concurrency,
 * {@code staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go}, {@code Update}).
 */
@Component
public class StartClaims {

    /** On a Job whose start was announced: the pod it was announced for. */
    public static final String ANNOTATION = "jobrunner.dev/started-announced";

    // The Job controller writes status as pods come and go: a claim may meet a newer version.
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Guard guard;

    StartClaims(KubernetesClient client, @Qualifier("kubernetesGuard") Guard guard) {
        this.client = client;
        this.guard = guard;
    }

    /**
     * @param job the Job as last seen, from the informer's cache
     * @return whether this instance won the claim and is to announce the start
     */
    public boolean claim(Job job, String pod) {
        var current = job;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (claimed(current)) {
                return false;
            }
            try {
                patch(current, pod);
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return false;
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
            current = guard.call(() -> client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName())
                    .get());
            if (current == null) {
                return false;
            }
        }
        return false;
    }

    private static boolean claimed(Job job) {
        var annotations = job.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(ANNOTATION);
    }

    /** Named by a bare object, as in {@link JobCleaner}: no read before the patch. */
    private void patch(Job job, String pod) {
        var named = new JobBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName())
                .withNamespace(job.getMetadata().getNamespace())
                .endMetadata()
                .build();
        var patch = new JobBuilder()
                .withNewMetadata()
                .withResourceVersion(job.getMetadata().getResourceVersion())
                .addToAnnotations(ANNOTATION, pod)
                .endMetadata()
                .build();
        guard.run(() -> client.batch()
                .v1()
                .jobs()
                .resource(named)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(patch)));
    }
}
