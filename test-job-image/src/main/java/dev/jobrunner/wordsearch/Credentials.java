package dev.jobrunner.wordsearch;

/**
 * The storage credentials, as the function passes them from its Secret.
 *
 * @param accessKey value of {@code MINIO_ACCESS_KEY}
 * @param secretKey value of {@code MINIO_SECRET_KEY}
 */
record Credentials(String accessKey, String secretKey) {

    static final String ACCESS_KEY_VARIABLE = "MINIO_ACCESS_KEY";
    static final String SECRET_KEY_VARIABLE = "MINIO_SECRET_KEY";

    /** Records print their components; this one must never print the keys. */
    @Override
    public String toString() {
        return "Credentials[redacted]";
    }
}
