package dev.jobrunner.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.Set;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;

/** The completion records in the object store, through minio-java. */
final class RecordStore {

    private static final Set<String> NOT_YET = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");

    private final MinioClient client;
    private final Storage storage;

    RecordStore(Storage storage) {
        this.storage = storage;
        var builder = MinioClient.builder()
                .endpoint(storage.endpoint().toString())
                .credentials(storage.accessKey(), storage.secretKey());
        if (storage.region() != null) {
            builder.region(storage.region());
        }
        this.client = builder.build();
    }

    /**
     * @return the record, or empty while there is none yet
     * @throws StoreUnreadableException when the store refuses the look-up (credentials, permissions)
     * @throws IOException when it cannot be reached: worth trying again
     */
    Optional<CompletionRecord> find(String bucket, String object) throws IOException {
        try {
            var stat = client.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(object).build());
            return Optional.of(new CompletionRecord(bucket, object, stat.size(), stat.userMetadata()));
        } catch (ErrorResponseException e) {
            if (NOT_YET.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new StoreUnreadableException(storage.endpoint() + " refused to look up " + bucket + "/" + object
                    + ": " + e.errorResponse().code() + " (" + e.errorResponse().message() + ")");
        } catch (MinioException | GeneralSecurityException e) {
            throw new StoreUnreadableException(
                    "could not look up " + bucket + "/" + object + " in " + storage.endpoint() + ": " + e.getMessage());
        }
    }

    /** Copies the stored log to {@code out}. */
    void copyLog(CompletionRecord record, OutputStream out) throws IOException {
        try (var log = client.getObject(GetObjectArgs.builder()
                .bucket(record.bucket())
                .object(record.object())
                .build())) {
            log.transferTo(out);
        } catch (MinioException | GeneralSecurityException e) {
            throw new StoreUnreadableException("could not read " + record.bucket() + "/" + record.object() + " from "
                    + storage.endpoint() + ": " + e.getMessage());
        }
    }

    String endpoint() {
        return storage.endpoint().toString();
    }
}
