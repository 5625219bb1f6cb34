package dev.jobrunner.wordsearch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;

/**
 * The bucket operations the Job needs; a failure is a {@link JobFailure} naming the bucket or object.
 * Nothing is tried again here beyond the HTTP client's own retry of a failed connection: a Job that
 * fails is replaced by a new pod as often as its request's {@code retries} say.
 */
final class Storage implements AutoCloseable {

    // The client's own defaults are five minutes each: far too long to notice an unreachable server.
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(1);

    private final MinioClient client;
    private final String endpoint;

    Storage(MinioClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    static Storage connect(StorageSettings settings) {
        MinioClient client;
        try {
            client = MinioClient.builder()
                    .endpoint(settings.host(), settings.port(), settings.secure())
                    .credentials(settings.accessKey(), settings.secretKey())
                    .build();
        } catch (IllegalArgumentException invalidEndpoint) {
            throw JobFailure.invalidSettings(List.of("MINIO_SERVICE_HOST '" + settings.host()
                    + "' is not a usable host: " + invalidEndpoint.getMessage()));
        }
        client.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
        return new Storage(client, settings.endpoint());
    }

    String endpoint() {
        return endpoint;
    }

    boolean bucketExists(String bucket) {
        return call(
                "checking bucket '" + bucket + "' at " + endpoint,
                () -> client.bucketExists(
                        BucketExistsArgs.builder().bucket(bucket).build()));
    }

    void createBucket(String bucket) {
        call("creating bucket '" + bucket + "' at " + endpoint, () -> {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            return bucket;
        });
    }

    /** All objects of the bucket, every "folder" included, in key order. */
    List<StoredObject> list(String bucket) {
        return call("listing bucket '" + bucket + "' at " + endpoint, () -> {
            var objects = new ArrayList<StoredObject>();
            for (var result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                var item = result.get();
                objects.add(new StoredObject(item.objectName(), item.size()));
            }
            return objects;
        });
    }

    /** What to do with an object's content, read as a stream. */
    @FunctionalInterface
    interface ContentReader<T> {
        T read(InputStream content) throws IOException;
    }

    <T> T read(String bucket, String key, ContentReader<T> reader) {
        return call("reading object '" + key + "' of bucket '" + bucket + "'", () -> {
            try (var content = client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return reader.read(content);
            }
        });
    }

    void write(String bucket, String key, String content, String contentType) {
        var bytes = content.getBytes(StandardCharsets.UTF_8);
        call(
                "writing object '" + key + "' to bucket '" + bucket + "'",
                () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                                new ByteArrayInputStream(bytes), bytes.length, -1)
                        .contentType(contentType)
                        .build()));
    }

    /** @param action what the call does, so that a failure reads "{action} failed: ..." */
    private static <T> T call(String action, Callable<T> call) {
        try {
            return call.call();
        } catch (Exception failure) {
            throw new JobFailure(action + " failed: " + describe(failure), failure);
        }
    }

    /** Code and message only: the client's own text for an error answer holds the request, which names the access key. */
    private static String describe(Exception failure) {
        if (failure instanceof ErrorResponseException error) {
            return error.errorResponse().code() + ": " + error.errorResponse().message();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception failure) {
            throw new IllegalStateException("closing the storage client failed", failure);
        }
    }
}
