package dev.jobrunner.job;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.jobrunner.request.InvalidJobRequestException;
import dev.jobrunner.request.JobRequest;
import dev.jobrunner.request.JobRequestParser;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.TestProperties;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/** The Job a request becomes, as the design contract shapes it; no cluster needed to build one. */
class JobTemplateTests {

    // Only its serialisation is used: it never connects.
    private static final KubernetesClient client =
            new KubernetesClientBuilder().withConfig(Config.empty()).build();
    private static final TestProperties properties =
            TestProperties.bind(Map.of("jobrunner.storage.endpoint", "http://minio.storage:9000"));
    private static final JobIdentity identity = JobIdentity.of("wordcount", "/my/producer", "order-4711");
    private static final RequestAnnotation requestAnnotation =
            new RequestAnnotation(JsonMapper.builder().build());

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @Test
    @DisplayName("Given a request, the Job is named, labelled and annotated for its event")
    void jobForNamesLabelsAndAnnotatesTheJob() {
        var job = jobFor(JobRequests.request("wordcount"));

        assertThat(job.getMetadata().getName()).isEqualTo(identity.name()).matches("wordcount-[0-9a-f]{12}");
        assertThat(job.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "job-runner")
                .containsEntry("jobrunner.dev/job-name", "wordcount");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "job-runner");
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry("jobrunner.dev/event-id", "order-4711")
                .containsEntry("jobrunner.dev/event-source", "/my/producer");
    }

    @Test
    @DisplayName("Given a timeOut, the pod's deadline is the timeOut and the Job's a later backstop")
    void jobForSetsThePodDeadlineBeforeTheJobDeadline() {
        var job = jobFor(JobRequests.request("wordcount").with("timeOut", 5));

        assertThat(job.getSpec().getTemplate().getSpec().getActiveDeadlineSeconds())
                .isEqualTo(5 * 60L);
        assertThat(job.getSpec().getActiveDeadlineSeconds())
                .as("after the pod's deadline, its start grace (3 min), termination grace (30 s) and a margin")
                .isEqualTo(5 * 60L + 180 + 30 + 30);
        assertThat(job.getSpec().getTtlSecondsAfterFinished())
                .as("the safety TTL until the log is stored")
                .isEqualTo(7 * 24 * 3600);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
    }

    @Test
    @DisplayName("Every Job runs hardened: non-root, no privilege, no capabilities, no token, limits")
    void jobForHardensThePod() {
        var pod =
                jobFor(JobRequests.request("wordcount")).getSpec().getTemplate().getSpec();

        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var container = pod.getContainers().getFirst();
        assertThat(container.getName()).isEqualTo("job");
        assertThat(container.getImage()).isEqualTo("registry.example/acme/app:1.0");
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    @Test
    @DisplayName("The Job gets its buckets, prefix and storage address, and credentials only by reference")
    void jobForPassesBucketsPrefixAndCredentialsByReference() {
        var job = jobFor(JobRequests.request("wordcount").with("prefix", "2026/run-7/"));

        var env =
                job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();
        assertThat(env)
                .extracting(EnvVar::getName, EnvVar::getValue)
                .contains(
                        tuple("INPUT_BUCKET", "corpus"),
                        tuple("OUTPUT_BUCKET", "results"),
                        tuple("FILE_PREFIX", "2026/run-7/"),
                        tuple("MINIO_SERVICE_HOST", "minio.storage"),
                        tuple("MINIO_SERVICE_PORT", "9000"));
        assertThat(env)
                .filteredOn(variable -> variable.getName().endsWith("_KEY"))
                .extracting(
                        EnvVar::getName,
                        EnvVar::getValue,
                        variable -> variable.getValueFrom().getSecretKeyRef().getName(),
                        variable -> variable.getValueFrom().getSecretKeyRef().getKey())
                .containsExactly(
                        tuple("MINIO_ACCESS_KEY", null, "job-storage-credentials", "MINIO_ACCESS_KEY"),
                        tuple("MINIO_SECRET_KEY", null, "job-storage-credentials", "MINIO_SECRET_KEY"));
    }

    @Test
    @DisplayName("A request without a prefix gives the Job no FILE_PREFIX at all")
    void jobForWithoutPrefixSetsNoFilePrefix() {
        var env = jobFor(JobRequests.request("wordcount"))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();

        assertThat(env).extracting(EnvVar::getName).doesNotContain("FILE_PREFIX");
    }

    @Test
    @DisplayName("Given a template that sets env on its container, those names are the template's")
    void namesWhenTemplateSetsEnvAreTheTemplates() {
        var withProxy = TestProperties.bind(
                Map.of("jobrunner.job.template", "classpath:dev/jobrunner/job-template-with-proxy.yaml"));

        var template = new JobTemplate(client, withProxy.job(), withProxy.storage(), requestAnnotation);

        assertThat(template.names()).containsExactlyInAnyOrder("HTTP_PROXY", "NO_PROXY");
        assertThat(new JobTemplate(client, properties.job(), properties.storage(), requestAnnotation).names())
                .as("the default template sets none")
                .isEmpty();
    }

    @Test
    @DisplayName("A Job over 512 KiB is refused as the request's fault, before the API server or etcd refuses it")
    void jobForWhenTheJobWouldBeTooLargeToStoreRefusesTheRequest() {
        // Given: env values of 30,000 characters each, every one within its own limit
        var value = "v".repeat(30_000);
        var fits = new LinkedHashMap<String, String>();
        var tooMany = new LinkedHashMap<String, String>();
        for (int i = 0; i < 20; i++) {
            tooMany.put("VALUE_" + i, value);
            if (i < 15) {
                fits.put("VALUE_" + i, value);
            }
        }

        // When, Then
        assertThat(jobFor(JobRequests.request("wordcount").with("env", fits))).isNotNull();
        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> jobFor(JobRequests.request("wordcount").with("env", tooMany)))
                .satisfies(e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("data");
                    assertThat(error.message()).contains("over the limit of 524288 bytes");
                }))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("vvvv"));
    }

    @Test
    @DisplayName("The Job carries its request, env left out, so whoever finds it finished can announce it")
    void jobForRecordsTheRequestWithoutEnvOnTheJob() {
        var request = JobRequests.request("wordcount")
                .with("prefix", "run-7/")
                .with("command", java.util.List.of("sh", "-c", "echo hi"))
                .with("env", Map.of("API_TOKEN", "s3cr3t-value"));
        var template = new JobTemplate(client, properties.job(), properties.storage(), requestAnnotation);
        var parsed = parse(request, template);

        var job = template.jobFor(parsed, identity);

        assertThat(job.getMetadata().getAnnotations().get(RequestAnnotation.NAME))
                .doesNotContain("s3cr3t-value");
        assertThat(requestAnnotation.read(job))
                .hasValueSatisfying(recorded -> assertThat(recorded)
                        .usingRecursiveComparison()
                        .ignoringFields("env")
                        .isEqualTo(parsed))
                .hasValueSatisfying(recorded -> assertThat(recorded.env()).isEmpty());
    }

    @Test
    @DisplayName("Args too large for a Job's annotations are refused as the request's fault")
    void jobForWhenTheRequestIsTooLargeToAnnotateRefusesTheRequest() {
        var args = java.util.Collections.nCopies(20, "a".repeat(10_000));

        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> jobFor(JobRequests.request("wordcount").with("args", args)))
                .satisfies(e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("data");
                    assertThat(error.message()).contains("over the limit of 196608 bytes");
                }));
    }

    private static Job jobFor(JobRequests request) {
        var template = new JobTemplate(client, properties.job(), properties.storage(), requestAnnotation);
        return template.jobFor(parse(request, template), identity);
    }

    private static JobRequest parse(JobRequests request, JobTemplate template) {
        return new JobRequestParser(JsonMapper.builder().build(), properties.request(), template)
                .parse(request.json().getBytes(StandardCharsets.UTF_8));
    }
}
