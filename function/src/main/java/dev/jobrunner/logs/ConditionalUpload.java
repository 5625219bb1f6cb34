package dev.jobrunner.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import dev.jobrunner.guard.Guard;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Part;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a spooled log as a new object, only if there is none under its key yet
 * ({@code If-None-Match: *}): up to the part size in one PutObject, longer in a multipart upload
 * whose parts go several at a time, each read from its own offset of the file, and whose
 * completion carries the condition. That is where S3 and MinIO (since minio/minio#19713, 2024)
 * evaluate it, and s3proxy too
 * (gaul/s3proxy {@code S3ProxyHandler#handleCompleteMultipartUpload} hands it to the store, whose
 * {@code AbstractNio2BlobStore#putBlob} publishes with a hard link that fails if the key exists).
 * minio-java 8.6.0's own multipart {@code putObject} sends extra headers with
 * CreateMultipartUpload only ({@code S3Base#putMultipartObjectAsync}), where no store checks them,
 * so this drives the three calls itself.
 */
final class ConditionalUpload {

    private static final Logger logger = LoggerFactory.getLogger(ConditionalUpload.class);
    private static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    private static final Map<String, String> CREATE_ONLY = Map.of("If-None-Match", "*");
    private static final Multimap<String, String> CREATE_ONLY_HEADERS = ImmutableMultimap.of("If-None-Match", "*");
    private static final String PRECONDITION_FAILED = "PreconditionFailed";
    // A completion that was answered, its answer lost, and sent again: the upload is gone by then.
    private static final String NO_SUCH_UPLOAD = "NoSuchUpload";

    private final MinioAsyncClient client;
    private final Guard guard;
    private final String location;
    private final long partSize;
    private final int parallelParts;

    ConditionalUpload(MinioAsyncClient client, Guard guard, String location, UploadProperties settings) {
        this.client = client;
        this.guard = guard;
        this.location = location;
        this.partSize = settings.partSize().toBytes();
        this.parallelParts = settings.parallelParts();
    }

    boolean fitsOnePut(SpooledLog log) {
        return log.size() <= partSize;
    }

    /**
     * Writes a log that {@linkplain #fitsOnePut fits one PutObject}, unguarded: for a caller that
     * guards it together with its look-ups.
     *
     * @return the ETag of the object this call wrote; empty if another writer's object was there first
     */
    Optional<String> put(String bucket, String object, SpooledLog log, Map<String, String> metadata) {
        var target = new Target(bucket, object);
        var args = arguments(target, log, metadata);
        return ifCreated(target, () -> client.uploadObject(args));
    }

    /**
     * Writes a log in parts, each call guarded on its own.
     *
     * @return the ETag of the object this call wrote; empty if another writer's object was there
     *     first, or if this call's completion cannot be told from another's
     */
    Optional<String> inParts(String bucket, String object, SpooledLog log, Map<String, String> metadata) {
        var target = new Target(bucket, object);
        var args = arguments(target, log, metadata);
        var headers = ImmutableMultimap.<String, String>builder()
                .putAll(args.genHeaders())
                .put("Content-Type", CONTENT_TYPE)
                .build();
        var uploadId = guard.call(() -> await(
                        "start the upload of",
                        target,
                        () -> client.createMultipartUploadAsync(bucket, null, object, headers, null))
                .result()
                .uploadId());
        Optional<String> written;
        try {
            var parts = uploadParts(target, log, uploadId);
            written = guard.call(() -> ifCreated(
                    target,
                    () -> client.completeMultipartUploadAsync(
                            bucket, null, object, uploadId, parts, CREATE_ONLY_HEADERS, null)));
        } catch (RuntimeException e) {
            abort(target, uploadId);
            throw e;
        }
        if (written.isEmpty()) {
            // The other writer's object stays; this upload's parts would otherwise be kept (and billed).
            abort(target, uploadId);
        }
        return written;
    }

    private UploadObjectArgs arguments(Target target, SpooledLog log, Map<String, String> metadata) {
        try {
            return UploadObjectArgs.builder()
                    .bucket(target.bucket())
                    .object(target.object())
                    // At least the log's length: a log up to the part size is a single PutObject.
                    .filename(log.file().toString(), Math.max(partSize, log.size()))
                    .contentType(CONTENT_TYPE)
                    .headers(CREATE_ONLY)
                    .userMetadata(metadata)
                    .build();
        } catch (IOException e) {
            throw new LogStorageException("could not read the spooled log " + log.file() + ": " + e.getMessage(), e);
        }
    }

    /** Sends the parts, {@code parallelParts} at a time; the first failure stops the rest. */
    private Part[] uploadParts(Target target, SpooledLog log, String uploadId) {
        var count = (int) ((log.size() + partSize - 1) / partSize);
        var parts = new Part[count];
        var next = new AtomicInteger();
        var failure = new AtomicReference<RuntimeException>();
        try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int sender = 0; sender < Math.min(parallelParts, count); sender++) {
                senders.submit(() -> {
                    for (int index; failure.get() == null && (index = next.getAndIncrement()) < count; ) {
                        try {
                            parts[index] = uploadPart(target, log, uploadId, index);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                });
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return parts;
    }

    private Part uploadPart(Target target, SpooledLog log, String uploadId, int index) {
        var offset = index * partSize;
        var length = Math.min(partSize, log.size() - offset);
        var number = index + 1;
        var action = "send part " + number + " of";
        return guard.call(() -> {
            // A file of its own per part: minio reads the part from the file's position twice (to
            // hash it for the request's signature, then to send it) and never buffers it whole.
            try (var file = new RandomAccessFile(log.file().toFile(), "r")) {
                file.seek(offset);
                var sent = await(
                        action,
                        target,
                        () -> client.uploadPartAsync(
                                target.bucket(), null, target.object(), file, length, uploadId, number, null, null));
                return new Part(number, sent.etag());
            } catch (IOException e) {
                throw failure(action, target, e);
            }
        });
    }

    /** The ETag written, or empty when the store refused the condition: an object was there first. */
    private Optional<String> ifCreated(Target target, Call<ObjectWriteResponse> write) {
        try {
            return Optional.of(await("store", target, write).etag().replace("\"", ""));
        } catch (LogStorageException e) {
            if (e.getCause() instanceof ErrorResponseException refused
                    && Set.of(PRECONDITION_FAILED, NO_SUCH_UPLOAD)
                            .contains(refused.errorResponse().code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void abort(Target target, String uploadId) {
        try {
            guard.call(() -> await(
                    "abort the upload of",
                    target,
                    () -> client.abortMultipartUploadAsync(
                            target.bucket(), null, target.object(), uploadId, null, null)));
        } catch (LogStorageException e) {
            if (e.getCause() instanceof ErrorResponseException gone
                    && NO_SUCH_UPLOAD.equals(gone.errorResponse().code())) {
                return;
            }
            // The record (or the failure being reported) matters more than the parts left behind.
            logger.warn(
                    "Could not abort upload {} of {}/{}; its parts stay until the store's lifecycle rules remove them: {}",
                    uploadId,
                    target.bucket(),
                    target.object(),
                    e.getMessage());
        }
    }

    private <T> T await(String action, Target target, Call<T> call) {
        try {
            return call.start().join();
        } catch (CompletionException e) {
            throw failure(action, target, e.getCause() instanceof Exception cause ? cause : e);
        } catch (MinioException | IOException | GeneralSecurityException e) {
            throw failure(action, target, e);
        }
    }

    private LogStorageException failure(String action, Target target, Exception cause) {
        return new LogStorageException(
                "could not " + action + " log " + target.bucket() + "/" + target.object() + " in " + location + ": "
                        + cause.getMessage(),
                cause);
    }

    /** One asynchronous minio call. */
    @FunctionalInterface
    private interface Call<T> {
        CompletableFuture<T> start() throws MinioException, IOException, GeneralSecurityException;
    }

    private record Target(String bucket, String object) {}
}
