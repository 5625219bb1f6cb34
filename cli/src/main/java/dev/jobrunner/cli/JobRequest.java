package dev.jobrunner.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The job request as sent, and what the CLI needs of it to find the completion record. The
 * function checks everything else and answers what it refuses.
 *
 * @param json the request, sent as it is
 * @param jobName its {@code jobName}
 * @param recordBucket where its record goes: {@code outputBucket}, or {@code inputBucket} without one
 * @param timeOutMinutes its {@code timeOut}, or the function's default of 15
 */
record JobRequest(String json, String jobName, String recordBucket, int timeOutMinutes) {

    private static final int DEFAULT_TIMEOUT_MINUTES = 15;
    private static final ObjectMapper mapper = new ObjectMapper();

    static JobRequest parse(String json) {
        JsonNode request;
        try {
            request = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new UsageException("REQUEST is not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw new UsageException("REQUEST must be a JSON object, the job request");
        }
        var jobName = text(request, "jobName");
        if (jobName == null) {
            throw new UsageException(
                    "REQUEST: jobName must be a non-empty string; the Job and its record are named after it");
        }
        var bucket = text(request, "outputBucket");
        if (bucket == null) {
            bucket = text(request, "inputBucket");
        }
        if (bucket == null) {
            throw new UsageException("REQUEST: inputBucket (or outputBucket) must be a non-empty string;"
                    + " the record is stored in outputBucket, or in inputBucket without one");
        }
        var timeOut = request.get("timeOut");
        var minutes =
                timeOut == null || timeOut.isNull() ? DEFAULT_TIMEOUT_MINUTES : timeOut.asInt(DEFAULT_TIMEOUT_MINUTES);
        return new JobRequest(json, jobName, bucket, Math.max(minutes, 1));
    }

    private static String text(JsonNode request, String field) {
        var value = request.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
