package dev.jobrunner.wordsearch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Where one run writes its files: {@code results/<UTC time>-<HOSTNAME>-<8 random hex digits>/} in the
 * output bucket. The pod name (HOSTNAME in Kubernetes) says which Job wrote it; the random part keeps
 * two runs in the same second on the same host apart.
 *
 * @param bucket the output bucket
 * @param prefix the key prefix, ending in "/"
 */
record ResultLocation(String bucket, String prefix) {

    /** Every run's prefix starts here, so a run reading its own output bucket can leave them out. */
    static final String ROOT = "results/";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_HOSTNAME_LENGTH = 63;

    static ResultLocation create(String bucket, Instant now, String hostname, RandomGenerator random) {
        var name = new StringBuilder(TIMESTAMP.format(now));
        var host = hostname == null ? "" : hostname.replaceAll("[^A-Za-z0-9.-]", "");
        if (!host.isEmpty()) {
            name.append('-').append(host, 0, Math.min(host.length(), MAX_HOSTNAME_LENGTH));
        }
        name.append('-').append(HexFormat.of().toHexDigits(random.nextInt()));
        return new ResultLocation(bucket, ROOT + name + "/");
    }

    String key(String fileName) {
        return prefix + fileName;
    }
}
