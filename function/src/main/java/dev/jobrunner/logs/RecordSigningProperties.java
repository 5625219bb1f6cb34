package dev.jobrunner.logs;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys completion records are signed with, bound from {@code jobrunner.storage.*}. They come
 * from a Secret of the function's own, which no Job receives.
 *
 * @param signingKeys {@code keyId:base64Key} entries; the first signs new records, every one
 *     verifies, so that a rotated-out key keeps its records readable. Keys are at least 32 bytes.
 *     Unset leaves records unsigned and accepted, for local development
 */
@ConfigurationProperties("jobrunner.storage")
public record RecordSigningProperties(List<String> signingKeys) {

    private static final String PROPERTY = "jobrunner.storage.signing-keys";
    // The key id travels in S3 user metadata: short and plain ASCII.
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    // As long as the HMAC-SHA256 output; shorter keys weaken it (RFC 2104, section 3).
    private static final int MIN_KEY_BYTES = 32;

    public RecordSigningProperties {
        signingKeys = signingKeys == null ? List.of() : List.copyOf(signingKeys);
        keys(signingKeys);
    }

    /** The keys by id, in order: the first one signs. */
    Map<String, byte[]> keys() {
        return keys(signingKeys);
    }

    private static Map<String, byte[]> keys(List<String> entries) {
        var keys = new LinkedHashMap<String, byte[]>();
        var index = 0;
        for (var entry : entries) {
            var where = PROPERTY + "[" + index++ + "]";
            var colon = entry == null ? -1 : entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(where + " must be keyId:base64Key");
            }
            var id = entry.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        where + " must start with a key id of letters, digits, '.', '_' or '-' (at most 64)");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                // The decoder's message quotes the offending character: never let a key's part out.
                throw new IllegalArgumentException(where + " (key id " + id + ") is not valid base64");
            }
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException(
                        where + " (key id " + id + ") must be at least " + MIN_KEY_BYTES + " bytes, was " + key.length);
            }
            if (keys.putIfAbsent(id, key) != null) {
                throw new IllegalArgumentException(where + " repeats key id " + id);
            }
        }
        return keys;
    }

    /** Names the key ids only, so that logging the configuration never shows a key. */
    @Override
    public String toString() {
        return "RecordSigningProperties[keyIds=" + new ArrayList<>(keys().keySet()) + "]";
    }
}
