package dev.jobrunner.logs;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.jobrunner.guard.Guard;
import dev.jobrunner.request.InvalidJobRequestException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;

/**
 * Logs in an S3-compatible object store, through minio-java. A log is written from its spool file
 * as a new object only ({@link ConditionalUpload}), so memory stays the same however long it is;
 * a bulkhead bounds how many uploads run at once; every call is guarded.
 */
class S3LogStore implements LogStore {

    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");

    private final MinioClient client;
    private final String endpoint;
    private final Guard guard;
    private final Bulkhead uploads;
    private final ConditionalUpload upload;

    S3LogStore(
            MinioClient client,
            MinioAsyncClient uploadClient,
            String endpoint,
            Guard guard,
            Bulkhead uploads,
            UploadProperties settings) {
        this.client = client;
        this.endpoint = endpoint;
        this.guard = guard;
        this.uploads = uploads;
        this.upload = new ConditionalUpload(uploadClient, guard, location(), settings);
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
    public Stored store(String bucket, String object, SpooledLog log, Map<String, String> metadata) {
        return uploads.executeSupplier(() -> {
            if (upload.fitsOnePut(log)) {
                // One turn and one retry for all four calls, as they are quick: a burst of Jobs ending
                // together takes no more of the storage rate limit than it did.
                return guard.call(
                        () -> store(bucket, object, Calls.DIRECT, () -> upload.put(bucket, object, log, metadata)));
            }
            // Each call its own turn and retries: a failed part is sent again, not the whole log.
            return store(bucket, object, guard::call, () -> upload.inParts(bucket, object, log, metadata));
        });
    }

    private Stored store(String bucket, String object, Calls calls, Supplier<Optional<String>> write) {
        var stored = calls.call(() -> statObject(bucket, object));
        if (stored.isPresent()) {
            return new Stored(record(bucket, object, stored.get()), false);
        }
        calls.call(() -> {
            ensureBucket(bucket, object);
            return null;
        });
        // Empty when another writer stored its log between our look-up and our write: the first one wins.
        var written = write.get();
        // Read back, so a fresh reply and a redelivery's reply come from the same record.
        var readBack = calls.call(() -> statObject(bucket, object))
                .orElseThrow(() -> new LogStorageException(
                        "stored log " + bucket + "/" + object + " is not in " + location(), null));
        return new Stored(
                record(bucket, object, readBack),
                written.isPresent() && written.get().equals(readBack.etag()));
    }

    /** Calls to the store, guarded one by one or already within a guarded call. */
    @FunctionalInterface
    private interface Calls {

        Calls DIRECT = Supplier::get;

        <T> T call(Supplier<T> call);
    }

    private Optional<StoredLog> stat(String bucket, String object) {
        return statObject(bucket, object).map(stat -> record(bucket, object, stat));
    }

    private Optional<StatObjectResponse> statObject(String bucket, String object) {
        try {
            return Optional.of(client.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(object).build()));
        } catch (ErrorResponseException e) {
            if (NOT_FOUND.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw failure("look up", bucket, object, e);
        } catch (MinioException | IOException | GeneralSecurityException e) {
            throw failure("look up", bucket, object, e);
        }
    }

    private static StoredLog record(String bucket, String object, StatObjectResponse stat) {
        return new StoredLog(bucket, object, stat.size(), stat.userMetadata());
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
