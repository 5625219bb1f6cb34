package dev.jobrunner.cli;

import java.net.URI;

/**
 * The object store holding the completion records, as the function's {@code jobrunner.storage.*}
 * name it.
 *
 * @param endpoint the S3 endpoint
 * @param accessKey access key, from the environment only
 * @param secretKey secret key, from the environment only
 * @param region region, for stores that need one; may be {@code null}
 * @param logPrefix the function's {@code jobrunner.storage.log-prefix}
 */
record Storage(URI endpoint, String accessKey, String secretKey, String region, String logPrefix) {

    /** Leaves the keys out, so that printing it never shows a credential. */
    @Override
    public String toString() {
        return "Storage[endpoint=%s, region=%s, logPrefix=%s]".formatted(endpoint, region, logPrefix);
    }
}
