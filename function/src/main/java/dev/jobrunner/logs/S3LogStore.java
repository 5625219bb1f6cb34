package dev.jobrunner.logs;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.jobrunner.guard.Causes;
import dev.jobrunner.guard.Guard;
import dev.jobrunner.request.InvalidJobRequestException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;

/**
 * Logs in an S3-compatible object store, through minio-java. Uploads are multipart with a fixed
 * part size, so memory stays the same however long a log is, and a bulkhead bounds how many run
 * at once; every call is guarded.
 */
class S3LogStore implements LogStore {

    // S3's smallest allowed part; one part is buffered at a time.
    private static final long PART_SIZE = 5L * 1024 * 1024;
    /**
     * Creates the object only if there is none yet (S3 conditional writes, "If-None-Match: *" on
     * PutObject; MinIO supports it too), answered 412 PreconditionFailed otherwise. Only a single
     * PUT carries it: minio-java 8.6.0 sends these headers with CreateMultipartUpload, not with
     * CompleteMultipartUpload, where S3 evaluates the condition, so a log longer than one part is
     * written unconditionally after the look-up (see the README's security section).
     */
    private static final Map<String, String> CREATE_ONLY = Map.of("If-None-Match", "*");

    private static final String PRECONDITION_FAILED = "PreconditionFailed";
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");

    private final MinioClient client;
    private final String endpoint;
    private final Guard guard;
    private final Bulkhead uploads;

    S3LogStore(MinioClient client, String endpoint, Guard guard, Bulkhead uploads) {
        this.client = client;
        this.endpoint = endpoint;
        this.guard = guard;
        this.uploads = uploads;
    }

    @Override
    public Optional<StoredLog> find(String bucket, String object) {
        return guard.call(() -> stat(bucket, object));
    }

    @Override
    public InputStream open(String bucket, String object) {
        return guard.call(() -> {
            try {
                return client.getObject(
                        GetObjectArgs.builder().bucket(bucket).object(object).build());
            } catch (MinioException | IOException | GeneralSecurityException e) {
                throw failure("read", bucket, object, e);
            }
        });
    }

    @Override
    public StoredLog store(String bucket, String object, Supplier<InputStream> openLog, Map<String, String> metadata) {
        return uploads.executeSupplier(() ->
                guard.call(() -> stat(bucket, object).orElseGet(() -> upload(bucket, object, openLog, metadata))));
    }

    private Optional<StoredLog> stat(String bucket, String object) {
        try {
            var stat = client.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(object).build());
            return Optional.of(new StoredLog(bucket, object, stat.size(), stat.userMetadata()));
        } catch (ErrorResponseException e) {
            if (NOT_FOUND.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw failure("look up", bucket, object, e);
        } catch (MinioException | IOException | GeneralSecurityException e) {
            throw failure("look up", bucket, object, e);
        }
    }

    private StoredLog upload(
            String bucket, String object, Supplier<InputStream> openLog, Map<String, String> metadata) {
        ensureBucket(bucket, object);
        try (var log = openLog.get()) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(object).stream(log, -1, PART_SIZE)
                    .contentType("text/plain; charset=utf-8")
                    .headers(CREATE_ONLY)
                    .userMetadata(metadata)
                    .build());
        } catch (ErrorResponseException e) {
            if (!PRECONDITION_FAILED.equals(e.errorResponse().code())) {
                throw failure("store", bucket, object, e);
            }
            // Another writer stored its log between our look-up and our write: the first one wins.
        } catch (MinioException | IOException | GeneralSecurityException e) {
            throw failure("store", bucket, object, e);
        } catch (RuntimeException e) {
            // minio reads the log on another thread and wraps what the Kubernetes side throws there.
            throw Causes.find(e, KubernetesClientException.class).orElseThrow(() -> e);
        }
        // Read back, so a fresh reply and a redelivery's reply come from the same record.
        return stat(bucket, object)
                .orElseThrow(() -> new LogStorageException(
                        "stored log " + bucket + "/" + object + " is not in " + location(), null));
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
        } catch (MinioException | IOException | GeneralSecurityException e) {
            throw failure("create the bucket for", bucket, object, e);
        }
    }

    /**
     * Asks the store itself: S3 stores differ in the bucket names they take, and only the store
     * knows who may write where. What it refuses for this bucket is the request's to fix; a store
     * that does not answer is an outage, retried and reported as one.
     */
    @Override
    public void requireWritableBucket(String bucket) {
        var refusal = guard.call(() -> bucketRefusal(bucket));
        if (refusal.isPresent()) {
            throw new InvalidJobRequestException("outputBucket", refusal.get());
        }
    }

    private Optional<String> bucketRefusal(String bucket) {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return Optional.empty();
        } catch (ErrorResponseException e) {
            var code = e.errorResponse().code();
            return switch (code) {
                // Another instance made it first.
                case "BucketAlreadyOwnedByYou" -> Optional.empty();
                case "AccessDenied",
                        "AllAccessDisabled",
                        "BucketAlreadyExists",
                        "InvalidBucketName",
                        "TooManyBuckets" ->
                    Optional.of("bucket '" + bucket + "' cannot be written or made: " + location() + " answered " + code
                            + " (" + e.errorResponse().message() + ")");
                default -> throw bucketFailure(bucket, e);
            };
        } catch (MinioException | IOException | GeneralSecurityException e) {
            throw bucketFailure(bucket, e);
        }
    }

    private LogStorageException bucketFailure(String bucket, Exception cause) {
        return new LogStorageException(
                "could not check bucket " + bucket + " in " + location() + ": " + cause.getMessage(), cause);
    }

    @Override
    public String location() {
        return "object storage at " + endpoint;
    }

    private LogStorageException failure(String action, String bucket, String object, Exception cause) {
        return new LogStorageException(
                "could not " + action + " log " + bucket + "/" + object + " in " + location() + ": "
                        + cause.getMessage(),
                cause);
    }
}
