package dev.jobrunner.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.jobrunner.job.JobIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Completion records the function can trust: each stored log carries an HMAC over what the reply
 * is built from, under a key only the function has, and a record is used only once its signature
 * and its bytes verify. Whoever can write to the bucket (a Job, a stray script) can put an object
 * there, but not a record the function replies from.
 */
@Component
public class CompletionRecords {

    private static final Logger logger = LoggerFactory.getLogger(CompletionRecords.class);

    private final LogStore logs;
    private final Map<String, byte[]> keys;
    private final Path scratch;

    /**
     * @param spooling where the pods' logs are spooled: a log of several pods is joined there
     */
    CompletionRecords(LogStore logs, RecordSigningProperties signing, LogProperties spooling) {
        this.logs = logs;
        this.scratch = spooling.spoolDirectory();
        this.keys = signing.keys();
        if (keys.isEmpty()) {
            logger.warn("No jobrunner.storage.signing-keys set: completion records are unsigned, and any object"
                    + " stored where a record belongs is trusted. Set them outside local development.");
        } else {
            logger.info(
                    "Signing completion records with key id {}; records of key ids {} verify",
                    keys.keySet().iterator().next(),
                    keys.keySet());
        }
    }

    /**
     * @return the Job's verified completion record, if there is one
     * @throws UnverifiedRecordException when an object is there that the function did not sign
     */
    public Optional<StoredLog> find(String bucket, String object, JobIdentity job) {
        return logs.find(bucket, object).map(record -> verified(record, job));
    }

    /**
     * Stores the Job's log as its signed completion record, or returns the record stored first.
     *
     * @param outcome the Job's outcome and the log's completeness, as metadata
     * @return the verified record, and whether this call wrote it
     */
    public LogStore.Stored store(
            String bucket, String object, JobIdentity job, PodLogs.CollectedLog log, Map<String, String> outcome) {
        // Hashed before the upload starts: the digest goes in with the metadata, at its start.
        try (var spooled = SpooledLog.of(log, scratch)) {
            var metadata = new LinkedHashMap<>(outcome);
            metadata.put(RecordSignature.SHA256, spooled.sha256());
            if (!keys.isEmpty()) {
                var signing = keys.entrySet().iterator().next();
                metadata.put(RecordSignature.KEY_ID, signing.getKey());
                metadata.put(
                        RecordSignature.SIGNATURE,
                        RecordSignature.of(signing.getValue(), bucket, object, job, spooled.size(), metadata));
            }
            var stored = logs.store(bucket, object, spooled, metadata);
            // A record this call wrote holds the bytes just hashed: reading them back would only
            // cost a second transfer of the log. One stored first by another writer has to verify
            // like any other.
            return new LogStore.Stored(
                    stored.writtenHere() ? signed(stored.log(), job) : verified(stored.log(), job),
                    stored.writtenHere());
        }
    }

    /** See {@link LogStore#requireWritableBucket(String)}. */
    public void requireWritableBucket(String bucket) {
        logs.requireWritableBucket(bucket);
    }

    private StoredLog verified(StoredLog record, JobIdentity job) {
        signed(record, job);
        if (keys.isEmpty()) {
            return record;
        }
        LogDigest stored;
        try {
            stored = digest(logs.open(record.bucket(), record.object()));
        } catch (UncheckedIOException e) {
            throw new LogStorageException(
                    "could not read " + record.bucket() + "/" + record.object() + " from " + logs.location()
                            + " to verify it: " + e.getCause().getMessage(),
                    e);
        }
        if (stored.size() != record.size()
                || !stored.sha256().equals(record.metadata().get(RecordSignature.SHA256))) {
            throw new UnverifiedRecordException(record, "its bytes are not the log that was signed");
        }
        return record;
    }

    /** Checks the record's signature, not its bytes. */
    private StoredLog signed(StoredLog record, JobIdentity job) {
        if (keys.isEmpty()) {
            return record;
        }
        var keyId = record.metadata().get(RecordSignature.KEY_ID);
        var signature = record.metadata().get(RecordSignature.SIGNATURE);
        if (keyId == null || signature == null) {
            throw new UnverifiedRecordException(record, "it carries no signature");
        }
        var key = keys.get(keyId);
        if (key == null) {
            throw new UnverifiedRecordException(
                    record, "it is signed with key id " + keyId + ", which is not configured");
        }
        var expected = RecordSignature.of(key, record.bucket(), record.object(), job, record.size(), record.metadata());
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new UnverifiedRecordException(
                    record, "its signature (key id " + keyId + ") does not verify for Job " + job.name());
        }
        return record;
    }

    private static LogDigest digest(InputStream log) {
        try (log) {
            var digest = SpooledLog.newDigest();
            var size = SpooledLog.hash(log, digest);
            return new LogDigest(HexFormat.of().formatHex(digest.digest()), size);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read a log to hash it", e);
        }
    }

    /**
     * @param sha256 the log's SHA-256, lower-case hex
     * @param size its length in bytes
     */
    private record LogDigest(String sha256, long size) {}
}
