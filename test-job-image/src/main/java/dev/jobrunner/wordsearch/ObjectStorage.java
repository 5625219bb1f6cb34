package dev.jobrunner.wordsearch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;

/**
 * The bucket operations the Job needs, each retried by a {@link Retrier} and named by bucket and
 * object when it fails.
 */
final class ObjectStorage implements AutoCloseable {

    // The client's own defaults are five minutes each: far too long to notice an unreachable server.
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(1);

    private final MinioClient client;
    private final Retrier retrier;
    private final String endpoint;

    ObjectStorage(MinioClient client, Retrier retrier, String endpoint) {
        this.client = client;
        this.retrier = retrier;
        this.endpoint = endpoint;
    }

    static ObjectStorage connect(StorageSettings settings, Retrier retrier) {
        MinioClient client;
        try {
            client = MinioClient.builder()
                    .endpoint(settings.host(), settings.port(), settings.secure())
                    .credentials(
                            settings.credentials().accessKey(),
                            settings.credentials().secretKey())
                    .build();
        } catch (IllegalArgumentException invalidEndpoint) {
            throw new InvalidSettingsException(List.of("MINIO_SERVICE_HOST '" + settings.host()
                    + "' is not a usable host: " + invalidEndpoint.getMessage()));
        }
        client.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
        return new ObjectStorage(client, retrier, settings.endpoint());
    }

    String endpoint() {
        return endpoint;
    }

    boolean bucketExists(String bucket) {
        return retrier.call(
                "checking bucket '" + bucket + "' at " + endpoint,
                () -> client.bucketExists(
                        BucketExistsArgs.builder().bucket(bucket).build()));
    }

    void createBucket(String bucket) {
        retrier.call("creating bucket '" + bucket + "' at " + endpoint, () -> {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            return bucket;
        });
    }

    /** All objects of the bucket, every "folder" included, in key order. */
    List<StoredObject> list(String bucket) {
        return retrier.call("listing bucket '" + bucket + "' at " + endpoint, () -> {
            var objects = new ArrayList<StoredObject>();
            var listing = client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).recursive(true).build());
            for (var result : listing) {
                var item = result.get();
                objects.add(new StoredObject(item.objectName(), item.size()));
            }
            return objects;
        });
    }

    /** What to do with an object's content, read as a stream; on a retry it starts again from the first byte. */
    @FunctionalInterface
    interface ContentReader<T> {
        T read(InputStream content) throws IOException;
    }

    <T> T read(String bucket, String key, ContentReader<T> reader) {
        return retrier.call("reading object '" + key + "' of bucket '" + bucket + "'", () -> {
            try (var content = client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return reader.read(content);
            }
        });
    }

    void write(String bucket, String key, byte[] content, String contentType) {
        retrier.call(
                "writing object '" + key + "' to bucket '" + bucket + "'",
                () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                                new ByteArrayInputStream(content), content.length, -1)
                        .contentType(contentType)
                        .build()));
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
