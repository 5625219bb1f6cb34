package dev.jobrunner.logs;

import java.util.Map;

/**
 * A log in the store.
 *
 * @param bucket the bucket it is in
 * @param object its key
 * @param size its length in bytes
 * @param metadata what was stored with it
 */
public record StoredLog(String bucket, String object, long size, Map<String, String> metadata) {

    public StoredLog {
        metadata = Map.copyOf(metadata);
    }
}
