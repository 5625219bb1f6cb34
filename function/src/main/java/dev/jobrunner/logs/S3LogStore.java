package dev.jobrunner.logs;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;

/**
 * Logs in an S3-compatible object store, through minio-java. Uploads are multipart with a fixed
 * part size, so memory stays the same however long a log is.
 */
class S3LogStore implements LogStore {

    // S3's smallest allowed part; one part is buffered at a time.
    private static final long PART_SIZE = 5L * 1024 * 1024;

    private final MinioClient client;
    private final String endpoint;

    S3LogStore(MinioClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    @Override
    public Optional<StoredLog> find(String bucket, String object) {
        try {
            var stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(object).build());
            return Optional.of(new StoredLog(bucket, object, stat.size(), stat.userMetadata()));
        } catch (ErrorResponseException e) {
            var code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NoSuchObject".equals(code)) {
                return Optional.empty();
            }
            throw failure("look up", bucket, object, e);
        } catch (Exception e) {
            throw failure("look up", bucket, object, e);
        }
    }

    @Override
    public StoredLog store(String bucket, String object, InputStream log, Map<String, String> metadata) {
        ensureBucket(bucket, object);
        try {
            client.putObject(PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(object)
                    .stream(log, -1, PART_SIZE)
                    .contentType("text/plain; charset=utf-8")
                    .userMetadata(metadata)
                    .build());
        } catch (Exception e) {
            throw failure("store", bucket, object, e);
        }
        // Read back, so a fresh reply and a redelivery's reply come from the same record.
        return find(bucket, object).orElseThrow(
                () -> new LogStorageException("stored log " + bucket + "/" + object + " is not in " + location(), null));
    }

    private void ensureBucket(String bucket, String object) {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            // Another instance made it first.
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                throw failure("create the bucket for", bucket, object, e);
            }
        } catch (Exception e) {
            throw failure("create the bucket for", bucket, object, e);
        }
    }

    @Override
    public String location() {
        return "object storage at " + endpoint;
    }

    private LogStorageException failure(String action, String bucket, String object, Exception cause) {
        return new LogStorageException(
                "could not " + action + " log " + bucket + "/" + object + " in " + location() + ": " + cause.getMessage(),
                cause);
    }
}
