package dev.jobrunner.event;

import java.time.Instant;
import java.time.ZoneOffset;

import dev.jobrunner.job.JobIdentity;
import dev.jobrunner.job.JobOutcome;
import dev.jobrunner.logs.StoredLog;
import dev.jobrunner.request.JobRequest;
import dev.jobrunner.request.RequestWithoutEnv;
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
    /** The {@code id} of the request event this completion answers, so its sender can correlate. */
    public static final String REQUEST_ID_EXTENSION = "requestid";
    /** The {@code source} of that request event: with the id, it names the request uniquely. */
    public static final String REQUEST_SOURCE_EXTENSION = "requestsource";

    private final EventProperties settings;
    private final JsonMapper mapper;

    CompletionEvents(EventProperties settings, JsonMapper mapper) {
        this.settings = settings;
        this.mapper = mapper;
    }

    public CloudEvent completed(JobRequest request, JobIdentity identity, String namespace, StoredLog log) {
        var kubernetesJobName = identity.name();
        var outcome = JobOutcome.fromMetadata(log.metadata());
        var data = new CompletedJob(
                RequestWithoutEnv.of(request),
                new CompletedJob.Request(identity.eventId(), identity.eventSource()),
                new CompletedJob.KubernetesJob(kubernetesJobName, namespace),
                outcome.status().value(),
                outcome.reason(),
                outcome.message(),
                text(outcome.startTime()),
                text(outcome.finishTime()),
                outcome.duration().map(duration -> duration.toSeconds()).orElse(null),
                new CompletedJob.Log(
                        log.bucket(),
                        log.object(),
                        log.size(),
                        log.incomplete().isEmpty(),
                        log.incomplete().orElse(null)));
        var event = CloudEventBuilder.v1()
                .withId(namespace + "/" + kubernetesJobName)
                .withSource(settings.source())
                .withType(TYPE)
                .withSubject(kubernetesJobName)
                .withDataContentType("application/json")
                .withExtension(STATUS_EXTENSION, outcome.status().value())
                .withExtension(JOB_NAME_EXTENSION, request.jobName())
                .withExtension(REQUEST_ID_EXTENSION, identity.eventId())
                .withExtension(REQUEST_SOURCE_EXTENSION, identity.eventSource())
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
