package dev.jobrunner.wordsearch;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes this run's files to its {@link ResultLocation}: the results, or the error that ended the run. */
final class ResultWriter {

    static final String SUMMARY = "summary.json";
    static final String REPORT = "report.txt";
    static final String ERROR = "error.txt";

    private static final String TEXT = "text/plain; charset=utf-8";

    private final Storage storage;
    private final ResultLocation location;
    private final Log log;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private boolean bucketReady;

    ResultWriter(Storage storage, ResultLocation location, Log log, Clock clock) {
        this.storage = storage;
        this.location = location;
        this.log = log;
        this.clock = clock;
    }

    ResultLocation location() {
        return location;
    }

    /** Before the search, so a bucket that cannot be written fails the run before the long part. */
    void prepareBucket() {
        if (bucketReady) {
            return;
        }
        var started = log.now();
        if (storage.bucketExists(location.bucket())) {
            log.print("output bucket '%s' exists (checked in %d ms)", location.bucket(), log.millisSince(started));
        } else {
            storage.createBucket(location.bucket());
            log.print("created output bucket '%s' in %d ms", location.bucket(), log.millisSince(started));
        }
        bucketReady = true;
    }

    void write(Summary summary) {
        try {
            upload(SUMMARY, json.writeValueAsString(summary), "application/json");
        } catch (JsonProcessingException unexpected) {
            throw new UncheckedIOException("the summary could not be written as JSON", unexpected);
        }
        upload(REPORT, TextReport.render(summary), TEXT);
    }

    /** Best effort: the run has failed already, and the log says why whether this works or not. */
    void writeError(String cause) {
        var text = "word search failed at " + clock.instant().truncatedTo(ChronoUnit.MILLIS) + "\n" + cause + "\n";
        try {
            prepareBucket();
            upload(ERROR, log.redact(text), TEXT);
        } catch (RuntimeException failure) {
            log.print(
                    "could not write the error file %s to bucket '%s': %s",
                    location.key(ERROR), location.bucket(), failure.getMessage());
        }
    }

    private void upload(String fileName, String content, String contentType) {
        var started = log.now();
        var key = location.key(fileName);
        storage.write(location.bucket(), key, content, contentType);
        log.print(
                "uploaded %s (%,d bytes) to bucket '%s' in %d ms",
                key, content.getBytes(StandardCharsets.UTF_8).length, location.bucket(), log.millisSince(started));
    }
}
