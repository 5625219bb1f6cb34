package dev.jobrunner.wordsearch;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Job's entry point: searches the input bucket for a word and writes the results to the output
 * bucket, or an error file, and exits with a code the function reads as the Job's outcome.
 */
public final class WordSearchJob {

    static final int SUCCEEDED = 0;
    static final int FAILED = 1;
    static final int INVALID_CONFIGURATION = 2;

    // Four tries over 3.5 s: enough for a restarting MinIO pod or a lost connection.
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(500);

    private final WordSearch search;
    private final ResultWriter results;
    private final Log log;
    private final Clock clock;

    WordSearchJob(WordSearch search, ResultWriter results, Log log, Clock clock) {
        this.search = search;
        this.results = results;
        this.log = log;
        this.clock = clock;
    }

    public static void main(String[] args) {
        // UTF-8 whatever the container's locale, which is often POSIX: keys and words need not be ASCII.
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.exit(run(System.getenv(), out, Clock.systemUTC()));
    }

    /**
     * Runs the search once.
     *
     * @param environment the variables described in the README
     * @param out where the log goes
     * @param clock for timestamps, durations and the result prefix
     * @return {@value #SUCCEEDED} on success, {@value #FAILED} on a failure at run time,
     *     {@value #INVALID_CONFIGURATION} when a variable is missing or unusable
     */
    public static int run(Map<String, String> environment, PrintStream out, Clock clock) {
        return run(environment, out, clock, FIRST_RETRY_DELAY);
    }

    static int run(Map<String, String> environment, PrintStream out, Clock clock, Duration firstRetryDelay) {
        var log = new Log(out, clock, environment);
        try {
            var settings = StorageSettings.read(environment);
            try (var storage = Storage.connect(settings, firstRetryDelay, log)) {
                log.print("word search using storage at %s", storage.endpoint());
                var location = ResultLocation.create(
                        settings.outputBucket(),
                        clock.instant(),
                        environment.get("HOSTNAME"),
                        ThreadLocalRandom.current());
                var results = new ResultWriter(storage, location, log, clock);
                var job = new WordSearchJob(new WordSearch(storage, log), results, log, clock);
                return job.execute(environment);
            }
        } catch (InvalidSettingsException invalid) {
            log.print("word search failed: %s", invalid.getMessage());
            log.print("no error file written: the output bucket cannot be reached without these settings");
            return INVALID_CONFIGURATION;
        }
    }

    int execute(Map<String, String> environment) {
        var started = log.now();
        try {
            var settings = SearchSettings.read(environment);
            var location = results.location();
            log.print(
                    "searching input bucket '%s' for '%s' (%s), simulated work %d ms per object; "
                            + "results go to %s in bucket '%s'",
                    settings.inputBucket(),
                    settings.word(),
                    TextSearch.RULE,
                    settings.workPerFile().toMillis(),
                    location.prefix(),
                    location.bucket());
            results.prepareBucket();
            var files = search.search(settings, location.bucket());
            var summary = Summary.of(settings, location, started, clock.instant(), files);
            results.write(summary);
            log.print("succeeded in %d ms: %s", log.millisSince(started), summary.message());
            return SUCCEEDED;
        } catch (RuntimeException failure) {
            return fail(failure);
        }
    }

    private int fail(RuntimeException failure) {
        var expected = failure instanceof JobFailure;
        var cause = expected ? failure.getMessage() : "unexpected error: " + failure;
        log.print("word search failed: %s", cause);
        if (!expected) {
            log.printStackTrace(failure);
        }
        results.writeError(cause);
        return failure instanceof InvalidSettingsException ? INVALID_CONFIGURATION : FAILED;
    }
}
