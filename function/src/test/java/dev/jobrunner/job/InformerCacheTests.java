package dev.jobrunner.job;

import java.time.Duration;
import java.util.Map;

import dev.jobrunner.testing.TestProperties;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the informers keep of the cluster's Jobs and pods while deliveries wait for them. */
@EnableKubernetesMockClient(crud = true, https = false)
class InformerCacheTests {

    KubernetesClient client;

    @Test
    @DisplayName("Given a Job and a pod as the API server writes them, the caches keep only what the function reads")
    void cachesDropManagedFields() {
        // Given
        var configuration = new JobConfiguration();
        var jobs = configuration.jobInformer(client);
        var pods =
                configuration.podInformer(client, TestProperties.bind(Map.of()).job());
        client.batch().v1().jobs().resource(job()).create();
        client.pods().resource(pod()).create();
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .withName("wordcount-1")
                        .get()
                        .getMetadata()
                        .getManagedFields())
                .as("the API server's copy")
                .isNotEmpty();

        // When
        jobs.start();
        pods.start();
        try {
            // Then
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jobs.cached("test", "wordcount-1").isPresent()
                            && pods.cached("test", "wordcount-1-x0").isPresent());
            var job = jobs.cached("test", "wordcount-1").orElseThrow();
            var pod = pods.cached("test", "wordcount-1-x0").orElseThrow();
            assertThat(job.getMetadata().getManagedFields()).isNullOrEmpty();
            assertThat(pod.getMetadata().getManagedFields()).isNullOrEmpty();
            var template = job.getSpec().getTemplate();
            assertThat(template.getMetadata()).isNull();
            assertThat(template.getSpec().getActiveDeadlineSeconds()).isEqualTo(300);
            assertThat(template.getSpec().getContainers()).singleElement().satisfies(container -> {
                assertThat(container.getName()).isEqualTo("job");
                assertThat(container.getImage()).isNull();
                assertThat(container.getEnv()).isEmpty();
            });
            assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
            assertThat(pod.getMetadata().getLabels()).containsEntry("job-name", "wordcount-1");
            assertThat(pod.getSpec().getNodeName()).isEqualTo("node-1");
            assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(300);
            assertThat(pod.getSpec().getContainers()).singleElement().satisfies(container -> {
                assertThat(container.getName()).isEqualTo("job");
                assertThat(container.getEnv()).isEmpty();
            });
            assertThat(pods.withLabel(JobConventions.CONTROLLER_UID_LABEL, "uid-1"))
                    .as("the Job's pods, by its uid")
                    .singleElement()
                    .isSameAs(pod);
            assertThat(pod.getStatus().getContainerStatuses())
                    .singleElement()
                    .satisfies(
                            status -> assertThat(status.getState().getRunning().getStartedAt())
                                    .isEqualTo("2026-11-30T10:00:00Z"));
        } finally {
            jobs.stop();
            pods.stop();
        }
    }

    private static Job job() {
        return new JobBuilder()
                .withNewMetadata()
                .withName("wordcount-1")
                .withNamespace("test")
                .addToLabels(JobConventions.MANAGED_BY_LABEL, JobConventions.MANAGED_BY)
                .addToManagedFields(managedBy("job-runner", "batch/v1"))
                .endMetadata()
                .withNewSpec()
                .withTtlSecondsAfterFinished(3600)
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("job-name", "wordcount-1")
                .endMetadata()
                .withSpec(podSpec())
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Pod pod() {
        return new PodBuilder()
                .withNewMetadata()
                .withName("wordcount-1-x0")
                .withNamespace("test")
                .addToLabels(JobConventions.MANAGED_BY_LABEL, JobConventions.MANAGED_BY)
                .addToLabels("job-name", "wordcount-1")
                .addToLabels(JobConventions.CONTROLLER_UID_LABEL, "uid-1")
                .addToManagedFields(managedBy("kubelet", "v1"))
                .endMetadata()
                .withSpec(new PodSpecBuilder(podSpec()).withNodeName("node-1").build())
                .withNewStatus()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("job")
                .withNewState()
                .withNewRunning("2026-11-30T10:00:00Z")
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    private static PodSpec podSpec() {
        return new PodSpecBuilder()
                .withActiveDeadlineSeconds(300L)
                .addNewContainer()
                .withName("job")
                .withImage("registry.example/app:1")
                .addNewEnv()
                .withName("INPUT_BUCKET")
                .withValue("corpus")
                .endEnv()
                .endContainer()
                .build();
    }

    private static ManagedFieldsEntry managedBy(String manager, String apiVersion) {
        return new ManagedFieldsEntryBuilder()
                .withManager(manager)
                .withOperation("Update")
                .withApiVersion(apiVersion)
                .build();
    }
}
