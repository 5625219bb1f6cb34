package dev.jobrunner.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.jobrunner.logs.StorageProperties;
import dev.jobrunner.request.InvalidJobRequestException;
import dev.jobrunner.request.JobRequest;
import dev.jobrunner.request.TemplateEnvironment;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.springframework.stereotype.Component;

/**
 * Turns a request into the Job to create: the configured template with the request's name,
 * image, buckets and limits filled in. The names the template sets on the container are the
 * template's: requests may not override them.
 */
@Component
class JobTemplate implements TemplateEnvironment {

    // Past what the kubelet needs to stop a pod at its own deadline (pkg/kubelet/active_deadline.go).
    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(30);
    // corev1.DefaultTerminationGracePeriodSeconds, when the template sets none.
    private static final long DEFAULT_GRACE_SECONDS = 30;
    /**
     * Largest Job, as the JSON sent to the API server. etcd stores at most 1.5 MiB per object
     * ({@code --max-request-bytes}); the API server reads bodies of up to twice that, 3 MiB
     * ({@code MaxRequestBodyBytes} in {@code staging/src/k8s.io/apiserver/pkg/server/config.go}),
     * so a Job between the two reaches etcd and is refused there. A third of etcd's limit leaves
     * room for what the cluster adds: managedFields and status to the Job, and to its pods, which
     * repeat its spec, whatever sidecars webhooks inject.
     */
    static final int MAX_JOB_BYTES = 512 * 1024;

    private final KubernetesSerialization serialization;
    private final Job template;
    private final Set<String> templateEnv;
    private final JobProperties settings;
    private final StorageAddress storage;
    private final RequestAnnotation requestAnnotation;

    JobTemplate(
            KubernetesClient client,
            JobProperties settings,
            StorageProperties storage,
            RequestAnnotation requestAnnotation) {
        this.serialization = client.getKubernetesSerialization();
        this.requestAnnotation = requestAnnotation;
        this.settings = settings;
        this.storage = StorageAddress.of(settings, storage);
        try (var yaml = settings.template().getInputStream()) {
            this.template = serialization.unmarshal(yaml, Job.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Job template " + settings.template(), e);
        }
        if (template.getSpec() == null
                || template.getSpec().getTemplate() == null
                || template.getSpec().getTemplate().getSpec() == null
                || template.getSpec().getTemplate().getSpec().getContainers().isEmpty()) {
            throw new IllegalStateException(
                    "the Job template " + settings.template() + " must define spec.template.spec.containers[0]");
        }
        this.templateEnv = template.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .map(EnvVar::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The names the template's container sets, which the request's env is added to. */
    @Override
    public Set<String> names() {
        return templateEnv;
    }

    /**
     * @throws InvalidJobRequestException when the Job would be too large for the cluster to store
     */
    Job jobFor(JobRequest request, JobIdentity identity) {
        var recordedRequest = requestAnnotation.write(request);
        requireAnnotatable(recordedRequest);
        var job = new JobBuilder(serialization.clone(template))
                .editOrNewMetadata()
                .withName(identity.name())
                .addToLabels(JobConventions.MANAGED_BY_LABEL, JobConventions.MANAGED_BY)
                .addToLabels(JobConventions.JOB_NAME_LABEL, request.jobName())
                .addToAnnotations(JobConventions.EVENT_ID_ANNOTATION, identity.eventId())
                .addToAnnotations(JobConventions.EVENT_SOURCE_ANNOTATION, identity.eventSource())
                .addToAnnotations(RequestAnnotation.NAME, recordedRequest)
                .endMetadata()
                .editSpec()
                // A backstop, enforced even if the function is gone. The Job controller deletes running
                // pods at it, logs and all (pkg/controller/job/job_controller.go), so it comes only
                // after the pod's own deadline below has stopped the pod gracefully: counted from
                // the Job's start, while the pod's counts from its own, which may come as late as
                // the start grace (pending, pulling); then the pod's termination grace.
                .withActiveDeadlineSeconds(backstop(request.timeout()).toSeconds())
                // Until the log is stored; then the function shortens it.
                .withTtlSecondsAfterFinished(
                        Math.toIntExact(settings.safetyTtl().toSeconds()))
                .withBackoffLimit(request.retries())
                .editTemplate()
                .editOrNewMetadata()
                .addToLabels(JobConventions.MANAGED_BY_LABEL, JobConventions.MANAGED_BY)
                .addToLabels(JobConventions.JOB_NAME_LABEL, request.jobName())
                .endMetadata()
                .editSpec()
                // The request's timeOut, enforced by the kubelet: it stops the pod but keeps it, and its log.
                .withActiveDeadlineSeconds(request.timeout().toSeconds())
                // Each pod runs once; a retry is a new pod with its own log.
                .withRestartPolicy("Never")
                .editFirstContainer()
                .withImage(request.image())
                .withCommand(request.command().isEmpty() ? null : request.command())
                .withArgs(request.args().isEmpty() ? null : request.args())
                .addAllToEnv(env(request))
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        requireStorable(job);
        return job;
    }

    /**
     * Refuses a Job too large to store before the API server sees it. etcd's refusal, "etcdserver:
     * request is too large", is not a Status of its own and reaches clients as a 500
     * ({@code staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go}),
     * which would be retried as an outage instead of refused as the request's fault.
     */
    private void requireStorable(Job job) {
        var size = serialization.asJson(job).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_JOB_BYTES) {
            throw new InvalidJobRequestException(
                    "data",
                    "makes a Job of " + size + " bytes, over the limit of " + MAX_JOB_BYTES
                            + " bytes: send less in env, command or args");
        }
    }

    /** The API server refuses a Job whose annotations are too large with a 422, after the fact. */
    private static void requireAnnotatable(String recordedRequest) {
        var size = recordedRequest.getBytes(StandardCharsets.UTF_8).length;
        if (size > RequestAnnotation.MAX_BYTES) {
            throw new InvalidJobRequestException(
                    "data",
                    "has " + size + " bytes besides env, over the limit of " + RequestAnnotation.MAX_BYTES
                            + " bytes that a Job can carry: send less in command or args");
        }
    }

    private Duration backstop(Duration timeout) {
        var grace = template.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        return timeout.plus(settings.startGrace())
                .plusSeconds(grace == null ? DEFAULT_GRACE_SECONDS : grace)
                .plus(DEADLINE_MARGIN);
    }

    private List<EnvVar> env(JobRequest request) {
        var env = new ArrayList<EnvVar>();
        request.env().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        env.add(new EnvVar("INPUT_BUCKET", request.inputBucket(), null));
        env.add(new EnvVar("OUTPUT_BUCKET", request.outputBucket(), null));
        if (request.prefix() != null) {
            // The original worker's name for it: its clients' Jobs read FILE_PREFIX.
            env.add(new EnvVar("FILE_PREFIX", request.prefix(), null));
        }
        if (storage.host() != null) {
            env.add(new EnvVar("MINIO_SERVICE_HOST", storage.host(), null));
            env.add(new EnvVar("MINIO_SERVICE_PORT", Integer.toString(storage.port()), null));
        }
        env.add(secret("MINIO_ACCESS_KEY"));
        env.add(secret("MINIO_SECRET_KEY"));
        return env;
    }

    /** Credentials go by reference only: their values never appear in the Job object. */
    private EnvVar secret(String key) {
        return new EnvVarBuilder()
                .withName(key)
                .withNewValueFrom()
                .withNewSecretKeyRef(key, settings.credentialsSecret(), false)
                .endValueFrom()
                .build();
    }
}
