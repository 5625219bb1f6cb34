package dev.jobrunner.wordsearch;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The Job's entry point: searches the input bucket for a word, writes the summary or an error file
 * to the output bucket, and exits with a code the function reads as the Job's outcome.
 */
public final class WordSearchJob {

    static final int SUCCEEDED = 0;
    static final int FAILED = 1;
    static final int INVALID_CONFIGURATION = 2;

    /** Every run's files are under here, so a run reading its own output bucket can leave them out. */
    static final String RESULTS = "results/";

    static final String SUMMARY = "summary.json";
    static final String ERROR = "error.txt";

    private static final DateTimeFormatter RESULT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Buckets buckets;
    private final Log log;
    private final String outputBucket;
    private final String resultPrefix;

    WordSearchJob(Buckets buckets, Log log, String outputBucket, String resultPrefix) {
        this.buckets = buckets;
        this.log = log;
        this.outputBucket = outputBucket;
        this.resultPrefix = resultPrefix;
    }

    public static void main(String[] args) {
        // UTF-8 whatever the container's locale, which is often POSIX: keys and words need not be ASCII.
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.exit(run(System.getenv(), out, Clock.systemUTC()));
    }

    /** Runs the search once, with the variables the README describes, and returns the exit code. */
    public static int run(Map<String, String> environment, PrintStream out, Clock clock) {
        var log = new Log(out, clock, environment);
        Settings.Storage storage;
        Buckets buckets;
        try {
            storage = Settings.storage(environment);
            buckets = Buckets.connect(storage);
        } catch (JobFailure invalid) {
            log.print("word search failed: %s", invalid.getMessage());
            log.print("no error file written: the output bucket cannot be reached without these settings");
            return invalid.exitCode();
        }
        try (buckets) {
            log.print("word search using storage at %s", buckets.endpoint());
            var prefix = resultPrefix(clock.instant(), environment.get("HOSTNAME"), ThreadLocalRandom.current());
            return new WordSearchJob(buckets, log, storage.outputBucket(), prefix).execute(environment);
        }
    }

    /** The pod name (HOSTNAME) says who wrote the results; the random part keeps two runs in one second apart. */
    static String resultPrefix(Instant now, String hostname, RandomGenerator random) {
        var host = hostname == null ? "" : hostname.replaceAll("[^A-Za-z0-9.-]", "");
        return RESULTS + RESULT_TIME.format(now)
                + (host.isEmpty() ? "" : "-" + host.substring(0, Math.min(host.length(), 63)))
                + "-" + HexFormat.of().toHexDigits(random.nextInt()) + "/";
    }

    int execute(Map<String, String> environment) {
        var started = log.now();
        try {
            // Before the search settings are read, so that even a missing SEARCH_WORD gets its error file.
            if (!buckets.exists(outputBucket)) {
                buckets.create(outputBucket);
                log.print("created output bucket '%s'", outputBucket);
            }
            var settings = Settings.search(environment);
            log.print(
                    "searching input bucket '%s'%s for '%s' (%s), simulated work %d ms per object; "
                            + "results go to %s in bucket '%s'",
                    settings.inputBucket(),
                    settings.under(),
                    settings.word(),
                    TextSearch.RULE,
                    settings.workPerFile().toMillis(),
                    resultPrefix,
                    outputBucket);
            var files = search(settings);
            var summary = Summary.of(settings, outputBucket, resultPrefix, started, log.now(), files);
            upload(SUMMARY, json(summary), "application/json");
            log.print("succeeded in %d ms: %s", log.millisSince(started), summary.message());
            return SUCCEEDED;
        } catch (JobFailure failure) {
            log.print("word search failed: %s", failure.getMessage());
            writeError(failure.getMessage());
            return failure.exitCode();
        } catch (RuntimeException unexpected) {
            log.print("word search failed: unexpected error: %s", unexpected);
            log.printStackTrace(unexpected);
            writeError("unexpected error: " + unexpected);
            return FAILED;
        }
    }

    private List<Summary.FileResult> search(Settings.Search settings) {
        var bucket = settings.inputBucket();
        if (!buckets.exists(bucket)) {
            throw new JobFailure("input bucket '" + bucket + "' does not exist at " + buckets.endpoint(), null);
        }
        var objects = buckets.list(bucket, settings.filePrefix());
        log.print("listed %d objects%s in input bucket '%s'", objects.size(), settings.under(), bucket);
        if (bucket.equals(outputBucket)) {
            // Earlier runs' summaries name the word: counting them would inflate every run.
            objects = objects.stream()
                    .filter(object -> !object.objectName().startsWith(RESULTS))
                    .toList();
            log.print("searching %d of them: earlier results under %s are left out", objects.size(), RESULTS);
        }
        var text = new TextSearch(settings.word());
        var results = new ArrayList<Summary.FileResult>();
        for (var object : objects) {
            var read = log.now();
            var result = buckets.read(
                    bucket, object.objectName(), content -> text.search(object.objectName(), object.size(), content));
            log.print(
                    "read '%s' (%,d bytes) in %d ms: %s",
                    object.objectName(), object.size(), log.millisSince(read), outcome(result));
            results.add(result);
            simulateWork(settings, object.objectName());
        }
        return results;
    }

    private static String outcome(Summary.FileResult result) {
        return result.isSearched()
                ? String.format(Locale.ROOT, "lines: %,d, matches: %,d", result.lines(), result.matches())
                : "skipped, " + result.skipReason();
    }

    /** Stands for real work, as the original worker's sleep did. */
    private static void simulateWork(Settings.Search settings, String after) {
        try {
            Thread.sleep(settings.workPerFile());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new JobFailure("interrupted during the simulated work after '" + after + "'", interrupted);
        }
    }

    /** Best effort: the run has failed already, and the log says why whether this works or not. */
    private void writeError(String cause) {
        try {
            upload(
                    ERROR,
                    log.redact("word search failed at " + log.now() + "\n" + cause + "\n"),
                    "text/plain; charset=utf-8");
        } catch (RuntimeException failure) {
            log.print(
                    "could not write the error file %s to bucket '%s': %s",
                    resultPrefix + ERROR, outputBucket, failure.getMessage());
        }
    }

    private void upload(String fileName, String content, String contentType) {
        var started = log.now();
        buckets.write(outputBucket, resultPrefix + fileName, content, contentType);
        log.print(
                "uploaded %s%s to bucket '%s' in %d ms",
                resultPrefix, fileName, outputBucket, log.millisSince(started));
    }

    private static String json(Summary summary) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary);
        } catch (JsonProcessingException unexpected) {
            throw new UncheckedIOException("the summary could not be written as JSON", unexpected);
        }
    }
}
