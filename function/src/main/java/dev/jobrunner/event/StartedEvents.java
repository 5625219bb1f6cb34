package dev.jobrunner.event;

import java.time.ZoneOffset;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobrunner.job.JobConventions;
import dev.jobrunner.job.StartedPod;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the {@code dev.jobrunner.job.started} event: the Job's container has started on a node.
 * Its id is the Job's, so that a consumer can drop a repeat even if one ever got through.
 */
@Component
public class StartedEvents {

    public static final String TYPE = "dev.jobrunner.job.started";

    private final EventProperties settings;
    private final JsonMapper mapper;

    StartedEvents(EventProperties settings, JsonMapper mapper) {
        this.settings = settings;
        this.mapper = mapper;
    }

    public CloudEvent started(Job job, StartedPod pod) {
        var metadata = job.getMetadata();
        var annotations = metadata.getAnnotations();
        var data = new StartedJob(
                new CompletedJob.KubernetesJob(metadata.getName(), metadata.getNamespace()),
                new CompletedJob.Request(
                        annotations.get(JobConventions.EVENT_ID_ANNOTATION),
                        annotations.get(JobConventions.EVENT_SOURCE_ANNOTATION)),
                pod.name(),
                pod.node(),
                pod.startTime().toString());
        return CloudEventBuilder.v1()
                .withId(metadata.getNamespace() + "/" + metadata.getName() + "/started")
                .withSource(settings.source())
                .withType(TYPE)
                .withSubject(metadata.getName())
                .withTime(pod.startTime().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withExtension(
                        CompletionEvents.JOB_NAME_EXTENSION,
                        metadata.getLabels().get(JobConventions.JOB_NAME_LABEL))
                .withExtension(
                        CompletionEvents.REQUEST_ID_EXTENSION, data.request().id())
                .withExtension(
                        CompletionEvents.REQUEST_SOURCE_EXTENSION,
                        data.request().source())
                .withData(mapper.writeValueAsBytes(data))
                .build();
    }

    /**
     * The data of a started event.
     *
     * @param job the Kubernetes Job
     * @param request the event that asked for it
     * @param pod the pod whose container started
     * @param node the node it runs on
     * @param startTime when the container started
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StartedJob(
            CompletedJob.KubernetesJob job, CompletedJob.Request request, String pod, String node, String startTime) {}
}
