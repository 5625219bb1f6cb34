package dev.jobrunner.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.jobrunner.request.RequestWithoutEnv;

/**
 * The data of a {@code dev.jobrunner.job.completed} event: the request's own fields, so a Trigger
 * or a transform can build the next request from it, then what happened and where the log is.
 * A request's {@code env} is left out: its values often carry credentials.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record CompletedJob(
        @JsonUnwrapped RequestWithoutEnv asked,
        Request request,
        KubernetesJob job,
        String status,
        String reason,
        String message,
        String startTime,
        String completionTime,
        Long durationSeconds,
        Log log) {

    /**
     * The request event this completion answers.
     *
     * @param id its {@code id}
     * @param source its {@code source}
     */
    record Request(String id, String source) {}

    /**
     * @param name the Job's name
     * @param namespace the namespace it ran in
     */
    record KubernetesJob(String name, String namespace) {}

    /**
     * @param bucket bucket of the log object
     * @param object key of the log object
     * @param size length of the log in bytes
     * @param complete whether the log is whole; {@code false} when part of it could not be read
     * @param incomplete why it may not be whole, when it may not be
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Log(String bucket, String object, long size, boolean complete, String incomplete) {}
}
