package dev.jobrunner.logs;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A log in the store.
 *
 * @param bucket the bucket it is in
 * @param object its key
 * @param size its length in bytes
 * @param metadata what was stored with it
 */
public record StoredLog(String bucket, String object, long size, Map<String, String> metadata) {

    private static final String INCOMPLETE = "logincomplete";
    // S3 keeps user metadata to 2 KiB in all.
    private static final int MAX_REASON = 512;

    public StoredLog {
        metadata = Map.copyOf(metadata);
    }

    /** Why the stored log may not be whole; empty when it is. */
    public Optional<String> incomplete() {
        return Optional.ofNullable(metadata.get(INCOMPLETE))
                .map(reason -> URLDecoder.decode(reason, StandardCharsets.UTF_8));
    }

    static Map<String, String> incompleteMetadata(String reason) {
        var cut = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        return Map.of(INCOMPLETE, URLEncoder.encode(cut, StandardCharsets.UTF_8));
    }
}
