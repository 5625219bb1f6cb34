package dev.jobrunner.event;

import java.time.Instant;
import java.time.ZoneOffset;

import dev.jobrunner.JobRunnerProperties;
import dev.jobrunner.job.JobOutcome;
import dev.jobrunner.logs.StoredLog;
import dev.jobrunner.request.JobRequest;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the completion event the function replies with, from the request and the stored log
 * record alone: a first delivery and every redelivery get the same event, id included.
 */
@Component
public class CompletionEvents {

    public static final String TYPE = "dev.jobrunner.job.completed";
    public static final String STATUS_EXTENSION = "jobstatus";
    public static final String JOB_NAME_EXTENSION = "jobname";

    private final JobRunnerProperties.Events settings;
    private final JsonMapper mapper;

    CompletionEvents(JobRunnerProperties properties, JsonMapper mapper) {
        this.settings = properties.events();
        this.mapper = mapper;
    }

    public CloudEvent completed(JobRequest request, String namespace, String kubernetesJobName, StoredLog log) {
        var outcome = JobOutcome.fromMetadata(log.metadata());
        var data = new CompletedJob(
                request.image(),
                request.jobName(),
                request.timeout().toMinutes(),
                request.inputBucket(),
                request.outputBucket(),
                request.command(),
                request.args(),
                request.retries(),
                new CompletedJob.KubernetesJob(kubernetesJobName, namespace),
                outcome.status().value(),
                outcome.reason(),
                outcome.message(),
                text(outcome.startTime()),
                text(outcome.finishTime()),
                outcome.duration().map(duration -> duration.toSeconds()).orElse(null),
                new CompletedJob.Log(log.bucket(), log.object(), log.size()));
        var event = CloudEventBuilder.v1()
                .withId(namespace + "/" + kubernetesJobName)
                .withSource(settings.source())
                .withType(TYPE)
                .withSubject(kubernetesJobName)
                .withDataContentType("application/json")
                .withExtension(STATUS_EXTENSION, outcome.status().value())
                .withExtension(JOB_NAME_EXTENSION, request.jobName())
                .withData(mapper.writeValueAsBytes(data));
        if (outcome.finishTime() != null) {
            event.withTime(outcome.finishTime().atOffset(ZoneOffset.UTC));
        }
        return event.build();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
