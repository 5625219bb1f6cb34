package dev.jobrunner.logs;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** Keeps Job logs, each with the Job's outcome as metadata: the Job's completion record. */
public interface LogStore {

    /** @return the stored log, if there is one */
    Optional<StoredLog> find(String bucket, String object);

    /** Opens a stored log's bytes, to check them against its record; the caller closes the stream. */
    InputStream open(String bucket, String object);

    /**
     * Stores a spooled log, creating the bucket if it is missing. The log appears whole or not at
     * all, and a log already stored is kept: the first complete log of a Job wins, whichever
     * instance or attempt wrote it.
     *
     * @return the log as stored, and whether this call wrote it
     */
    Stored store(String bucket, String object, SpooledLog log, Map<String, String> metadata);

    /**
     * @param log the record as the store holds it now
     * @param writtenHere whether this call wrote it, and the store holds it as written: its bytes
     *     are the spooled log's
     */
    record Stored(StoredLog log, boolean writtenHere) {}

    /**
     * Makes sure a request's output bucket can take its log before its Job runs: the bucket
     * exists, or is made now.
     *
     * @throws dev.jobrunner.request.InvalidJobRequestException naming {@code outputBucket}, when
     *     the store refuses the bucket (it cannot be made, access is denied, its name is rejected)
     * @throws LogStorageException when the store cannot be reached to tell
     */
    void requireWritableBucket(String bucket);

    /** Where the logs go, for messages: never includes a credential. */
    String location();
}
