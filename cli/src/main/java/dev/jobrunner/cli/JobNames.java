package dev.jobrunner.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The function's naming rule for Jobs and their completion records, as the README states it: the
 * Job is {@code <jobName>-<hash>}, the hash the first 6 bytes, in lower-case hex, of the SHA-256 of
 * {@code <length of source>:<source><id>} in UTF-8, and its record is
 * {@code <log prefix><Job name>.log} in the output bucket. The CLI cannot link the function
 * (a Spring Boot application), so {@code JobNamesTests} pins this to the function's own
 * {@code dev.jobrunner.job.JobIdentity}.
 */
final class JobNames {

    private static final int HASH_BYTES = 6;

    private JobNames() {}

    static String kubernetesJobName(String jobName, String eventSource, String eventId) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update((eventSource.length() + ":" + eventSource + eventId).getBytes(StandardCharsets.UTF_8));
            return jobName + "-" + HexFormat.of().formatHex(digest.digest(), 0, HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    static String recordObject(String logPrefix, String kubernetesJobName) {
        return logPrefix + kubernetesJobName + ".log";
    }
}
