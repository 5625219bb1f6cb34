package dev.jobrunner.logs;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Keeps Job logs, each with the Job's outcome as metadata: the Job's completion record. */
public interface LogStore {

    /** @return the stored log, if there is one */
    Optional<StoredLog> find(String bucket, String object);

    /** Opens a stored log's bytes, to check them against its record; the caller closes the stream. */
    InputStream open(String bucket, String object);

    /**
     * Streams a log of unknown length into the store, creating the bucket if it is missing. The
     * log appears whole or not at all, and a log already stored is kept: the first complete log
     * of a Job wins, whichever instance or attempt wrote it.
     *
     * @param openLog opens the log; called again for each retry, as a stream is read only once
     * @return the log as stored
     */
    StoredLog store(String bucket, String object, Supplier<InputStream> openLog, Map<String, String> metadata);

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
