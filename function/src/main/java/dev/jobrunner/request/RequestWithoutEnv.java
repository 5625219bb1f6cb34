package dev.jobrunner.request;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request as it may be shown and kept, under the field names clients send: everything but
 * {@code env}, whose values often carry credentials. Completion events repeat it, and a Job
 * carries it for whoever announces the Job's completion when nobody awaited it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RequestWithoutEnv(
        String image,
        String jobName,
        long timeOut,
        String inputBucket,
        String outputBucket,
        String prefix,
        List<String> command,
        List<String> args,
        int retries) {

    public static RequestWithoutEnv of(JobRequest request) {
        return new RequestWithoutEnv(
                request.image(),
                request.jobName(),
                request.timeout().toMinutes(),
                request.inputBucket(),
                request.outputBucket(),
                request.prefix(),
                request.command(),
                request.args(),
                request.retries());
    }

    /** The request, with no {@code env}. */
    public JobRequest toRequest() {
        return new JobRequest(
                image,
                jobName,
                Duration.ofMinutes(timeOut),
                inputBucket,
                outputBucket,
                prefix,
                command == null ? List.of() : command,
                args == null ? List.of() : args,
                Map.of(),
                retries);
    }
}
