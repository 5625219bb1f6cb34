package dev.jobrunner.job;

import java.util.Optional;

import dev.jobrunner.request.JobRequest;
import dev.jobrunner.request.RequestWithoutEnv;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request a Job was made for, kept on the Job as an annotation: an instance that finds the
 * Job finished with nobody awaiting it can still send the completion event, which repeats the
 * request. {@code env} stays out: its values often carry credentials, and the event leaves it out
 * too.
 */
@Component
public class RequestAnnotation {

    /** The annotation's name on the Job. */
    public static final String NAME = "jobrunner.dev/request";

    /**
     * What fits in a Job's annotations: 256 KiB in all ({@code TotalAnnotationSizeLimitB} in
     * {@code staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go}), less room for
     * the other annotations that job-runner and the cluster's webhooks add.
     */
    static final int MAX_BYTES = 192 * 1024;

    private final JsonMapper mapper;

    RequestAnnotation(JsonMapper mapper) {
        this.mapper = mapper;
    }

    String write(JobRequest request) {
        return mapper.writeValueAsString(RequestWithoutEnv.of(request));
    }

    /**
     * @return the request the Job was made for, without its {@code env}; empty for a Job made
     *     without the annotation (by an older job-runner) or one whose annotation is not ours
     */
    public Optional<JobRequest> read(Job job) {
        var annotations = job.getMetadata().getAnnotations();
        var json = annotations == null ? null : annotations.get(NAME);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(json, RequestWithoutEnv.class).toRequest());
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
