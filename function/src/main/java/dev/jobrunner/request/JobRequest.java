package dev.jobrunner.request;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A valid request for one batch job, in the format clients of the original worker send.
 *
 * @param image container image to run
 * @param jobName base name of the Kubernetes Job
 * @param timeout hard limit on the Job's run time
 * @param inputBucket bucket the Job reads, passed as {@code INPUT_BUCKET}
 * @param outputBucket bucket the Job writes and where its log is stored, passed as
 *     {@code OUTPUT_BUCKET}
 * @param prefix key prefix of the Job's objects, passed as {@code FILE_PREFIX}; {@code null} when
 *     the request names none
 * @param command entrypoint override, empty for the image's own
 * @param args arguments override, empty for the image's own
 * @param env extra environment variables for the Job's container
 * @param retries how many times a failed pod is replaced before the Job fails
 */
public record JobRequest(
        String image,
        String jobName,
        Duration timeout,
        String inputBucket,
        String outputBucket,
        String prefix,
        List<String> command,
        List<String> args,
        Map<String, String> env,
        int retries) {

    /**
     * Longest {@code jobName}: a Job name is a 63-character label that also carries a
     * 13-character suffix identifying the event.
     */
    public static final int MAX_JOB_NAME_LENGTH = 50;

    public JobRequest {
        command = List.copyOf(command);
        args = List.copyOf(args);
        // In the request's order, which is the order the Job's env lists them.
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }
}
