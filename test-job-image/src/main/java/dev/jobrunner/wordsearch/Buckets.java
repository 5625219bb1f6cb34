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
import io.minio.messages.Item;

/**
 * The bucket operations the Job needs; a failure is a {@link JobFailure} naming the bucket or object.
 * Nothing is tried again here beyond the HTTP client's own retry of a failed connection: a Job that
 * fails is replaced by a new pod as often as its request's {@code retries} say.
 */
final class Buckets implements AutoCloseable {

    // The client's own defaults are five minutes each: far too long to notice an unreachable server.
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(1);

    private final MinioClient client;
    private final String endpoint;

    private Buckets(MinioClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    static Buckets connect(Settings.Storage settings) {
        try {
            var client = MinioClient.builder()
                    .endpoint(settings.host(), settings.port(), settings.secure())
                    .credentials(settings.accessKey(), settings.secretKey())
                    .build();
            client.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
            return new Buckets(client, settings.endpoint());
        } catch (IllegalArgumentException invalidHost) {
            throw JobFailure.invalidSettings(List.of(
                    "MINIO_SERVICE_HOST '" + settings.host() + "' is not a usable host: " + invalidHost.getMessage()));
        }
    }

    String endpoint() {
        return endpoint;
    }

    boolean exists(String bucket) {
        return call(
                "checking bucket '" + bucket + "' at " + endpoint,
                () -> client.bucketExists(
                        BucketExistsArgs.builder().bucket(bucket).build()));
    }

    void create(String bucket) {
        call("creating bucket '" + bucket + "' at " + endpoint, () -> {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            return bucket;
        });
    }

    /** Every object of the bucket whose key starts with the prefix, "folders" included, in key order. */
    List<Item> list(String bucket, String prefix) {
        return call("listing bucket '" + bucket + "' at " + endpoint, () -> {
            var items = new ArrayList<Item>();
            for (var result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
                items.add(result.get());
            }
            return items;
        });
    }

    /** What to do with an object's content while it streams in. */
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
        } catch (ErrorResponseException error) {
            // Code and message only: the client's own text for an error answer holds the request,
            // which names the access key.
            var answer = error.errorResponse();
            throw new JobFailure(action + " failed: " + answer.code() + ": " + answer.message(), error);
        } catch (Exception failure) {
            throw new JobFailure(
                    action + " failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
        }
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
