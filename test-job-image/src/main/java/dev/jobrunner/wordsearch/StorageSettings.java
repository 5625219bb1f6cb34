package dev.jobrunner.wordsearch;

import java.util.Map;

/**
 * Where the results go: the storage endpoint and credentials, and the output bucket. Read before
 * anything else, because only with these can a later failure be written to an error file.
 *
 * @param host {@code MINIO_SERVICE_HOST}
 * @param port {@code MINIO_SERVICE_PORT}
 * @param secure {@code MINIO_SECURE}: https instead of http; unset means http, as in-cluster MinIO serves
 * @param credentials {@code MINIO_ACCESS_KEY} and {@code MINIO_SECRET_KEY}
 * @param outputBucket {@code OUTPUT_BUCKET}, created if missing
 */
record StorageSettings(String host, int port, boolean secure, Credentials credentials, String outputBucket) {

    static StorageSettings read(Map<String, String> variables) {
        var environment = new Environment(variables);
        var host = environment.required("MINIO_SERVICE_HOST").strip();
        var port = environment.port("MINIO_SERVICE_PORT");
        var secure = environment.flag("MINIO_SECURE");
        var accessKey = environment.required(Credentials.ACCESS_KEY_VARIABLE);
        var secretKey = environment.required(Credentials.SECRET_KEY_VARIABLE);
        var outputBucket = environment.required("OUTPUT_BUCKET").strip();
        environment.failOnProblems();
        return new StorageSettings(host, port, secure, new Credentials(accessKey, secretKey), outputBucket);
    }

    String endpoint() {
        return (secure ? "https" : "http") + "://" + host + ":" + port;
    }
}
