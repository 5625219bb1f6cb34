package dev.jobrunner.wordsearch;

import java.util.Map;

/**
 * Where the results go: the storage endpoint and credentials, and the output bucket. Read before
 * anything else, because only with these can a later failure be written to an error file.
 *
 * @param host {@code MINIO_SERVICE_HOST}
 * @param port {@code MINIO_SERVICE_PORT}
 * @param secure {@code MINIO_SECURE}: https instead of http; unset means http, as in-cluster MinIO serves
 * @param accessKey {@code MINIO_ACCESS_KEY}
 * @param secretKey {@code MINIO_SECRET_KEY}
 * @param outputBucket {@code OUTPUT_BUCKET}, created if missing
 */
record StorageSettings(String host, int port, boolean secure, String accessKey, String secretKey, String outputBucket) {

    static StorageSettings read(Map<String, String> variables) {
        var environment = new Environment(variables);
        var host = environment.required("MINIO_SERVICE_HOST").strip();
        var port = environment.port("MINIO_SERVICE_PORT");
        var secure = environment.flag("MINIO_SECURE");
        var accessKey = environment.required("MINIO_ACCESS_KEY");
        var secretKey = environment.required("MINIO_SECRET_KEY");
        var outputBucket = environment.required("OUTPUT_BUCKET").strip();
        environment.failOnProblems();
        return new StorageSettings(host, port, secure, accessKey, secretKey, outputBucket);
    }

    String endpoint() {
        return (secure ? "https" : "http") + "://" + host + ":" + port;
    }

    /** Records print their components; this one must never print the keys. */
    @Override
    public String toString() {
        return "StorageSettings[endpoint=" + endpoint() + ", outputBucket=" + outputBucket + "]";
    }
}
