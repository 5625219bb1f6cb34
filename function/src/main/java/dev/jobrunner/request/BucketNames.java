package dev.jobrunner.request;

import java.util.regex.Pattern;

/** The S3 bucket naming rules, so a bad bucket is refused before a Job runs, not at upload time. */
final class BucketNames {

    static final String RULE = "must be an S3 bucket name (3 to 63 characters: a-z, 0-9, '.' and '-',"
            + " starting and ending with a letter or digit, no '..', '.-' or '-.', not an IP address)";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private BucketNames() {}

    static boolean isValid(String bucket) {
        return BUCKET.matcher(bucket).matches()
                && !bucket.contains("..")
                && !bucket.contains(".-")
                && !bucket.contains("-.")
                && !bucket.startsWith("xn--")
                && !bucket.startsWith("sthree-")
                && !bucket.endsWith("-s3alias")
                && !IP_ADDRESS.matcher(bucket).matches();
    }
}
