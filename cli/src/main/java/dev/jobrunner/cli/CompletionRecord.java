package dev.jobrunner.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A Job's completion record: its stored log, with the outcome as the object's metadata, the way the
 * function writes it ({@code dev.jobrunner.job.JobOutcome}, {@code dev.jobrunner.logs.StoredLog}).
 * The CLI reads it as anyone with read access to the bucket can; verifying its signature takes the
 * function's key, which only the function has.
 *
 * @param bucket the bucket it is in
 * @param object its key
 * @param size the log's length in bytes
 * @param metadata the object's user metadata
 */
record CompletionRecord(String bucket, String object, long size, Map<String, String> metadata) {

    CompletionRecord {
        metadata = Map.copyOf(metadata);
    }

    /** {@code succeeded}, {@code failed} or {@code timedout}. */
    String status() {
        return metadata.getOrDefault("jobstatus", "unknown");
    }

    String reason() {
        return metadata.getOrDefault("reason", "");
    }

    /** The message, which the function stores URL-encoded to keep metadata ASCII. */
    Optional<String> message() {
        return decoded("message");
    }

    /** Why the stored log may not be whole; empty when it is. */
    Optional<String> incomplete() {
        return decoded("logincomplete");
    }

    private Optional<String> decoded(String key) {
        return Optional.ofNullable(metadata.get(key)).map(value -> URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
}
