package dev.jobrunner.wordsearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Searches the objects of the input bucket one after the other, each read once as a stream. */
final class WordSearch {

    private final Storage storage;
    private final Log log;

    WordSearch(Storage storage, Log log) {
        this.storage = storage;
        this.log = log;
    }

    List<FileResult> search(SearchSettings settings, String outputBucket) {
        var bucket = settings.inputBucket();
        var objects = list(bucket, bucket.equals(outputBucket));
        var text = new TextSearch(settings.word());
        var results = new ArrayList<FileResult>();
        for (var object : objects) {
            var started = log.now();
            var result = storage.read(bucket, object.key(), content -> text.search(object, content));
            log.print(
                    "read '%s' (%,d bytes) in %d ms: %s",
                    object.key(), object.size(), log.millisSince(started), outcome(result));
            results.add(result);
            try {
                Thread.sleep(settings.workPerFile());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new JobFailure("interrupted during the simulated work after '" + object.key() + "'", interrupted);
            }
        }
        return results;
    }

    private List<StoredObject> list(String bucket, boolean alsoOutputBucket) {
        if (!storage.bucketExists(bucket)) {
            throw new JobFailure("input bucket '" + bucket + "' does not exist at " + storage.endpoint());
        }
        var started = log.now();
        var objects = storage.list(bucket);
        log.print(
                "listed %d objects (%,d bytes) in input bucket '%s' in %d ms",
                objects.size(), objects.stream().mapToLong(StoredObject::size).sum(), bucket, log.millisSince(started));
        if (!alsoOutputBucket) {
            return objects;
        }
        // Earlier runs' summaries and reports name the word: counting them would inflate every run.
        var own = objects.stream()
                .filter(object -> object.key().startsWith(ResultLocation.ROOT))
                .count();
        if (own > 0) {
            log.print(
                    "leaving out %d objects under %s: earlier results of this job in the same bucket",
                    own, ResultLocation.ROOT);
        }
        return objects.stream()
                .filter(object -> !object.key().startsWith(ResultLocation.ROOT))
                .toList();
    }

    private static String outcome(FileResult result) {
        return result.isSearched()
                ? String.format(Locale.ROOT, "lines: %,d, matches: %,d", result.lines(), result.matches())
                : "skipped, " + result.skipReason();
    }
}
