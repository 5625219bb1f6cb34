package dev.jobrunner.testing;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;

/** What the test's object store holds, read through minio-java as any S3 client would. */
public class StorageContents {

    private final MinioClient client;

    public StorageContents(String endpoint, String accessKey, String secretKey) {
        this.client = MinioClient.builder()
                .endpoint(endpoint)
                .credentials(accessKey, secretKey)
                .build();
    }

    /** The object's bytes and user metadata, if it exists. */
    public Optional<StoredObject> read(String bucket, String object) throws Exception {
        try {
            var stat = client.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(object).build());
            try (var in = client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(object).build())) {
                return Optional.of(new StoredObject(in.readAllBytes(), stat.userMetadata()));
            }
        } catch (ErrorResponseException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes an object as anyone holding credentials for the bucket could: a Job, a stray script.
     * Replaces what is there.
     */
    public void write(String bucket, String object, byte[] content, Map<String, String> metadata) throws Exception {
        if (!bucketExists(bucket)) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(object).stream(
                        new ByteArrayInputStream(content), content.length, -1)
                .userMetadata(metadata)
                .build());
    }

    public boolean bucketExists(String bucket) throws Exception {
        return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
    }

    public record StoredObject(byte[] content, Map<String, String> metadata) {}
}
