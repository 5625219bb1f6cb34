package dev.jobrunner.wordsearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Searches the objects of the input bucket one after the other, each read once as a stream. */
final class WordSearch {

    private final ObjectStorage storage;
    private final Console console;

    WordSearch(ObjectStorage storage, Console console) {
        this.storage = storage;
        this.console = console;
    }

    List<FileResult> search(SearchSettings settings, String outputBucket) {
        var bucket = settings.inputBucket();
        var objects = list(bucket, bucket.equals(outputBucket));
        var text = new TextSearch(settings.word());
        var results = new ArrayList<FileResult>();
        for (var object : objects) {
            var watch = console.stopwatch();
            var result = storage.read(bucket, object.key(), content -> text.search(object, content));
            console.print(
                    "read '%s' (%,d bytes) in %d ms: %s", object.key(), object.size(), watch.millis(), outcome(result));
            results.add(result);
            Pause.pause(settings.workPerFile(), "simulated work after '" + object.key() + "'");
        }
        return results;
    }

    private List<StoredObject> list(String bucket, boolean alsoOutputBucket) {
        if (!storage.bucketExists(bucket)) {
            throw new JobFailure("input bucket '" + bucket + "' does not exist at " + storage.endpoint());
        }
        var watch = console.stopwatch();
        var objects = storage.list(bucket);
        console.print(
                "listed %d objects (%,d bytes) in input bucket '%s' in %d ms",
                objects.size(), objects.stream().mapToLong(StoredObject::size).sum(), bucket, watch.millis());
        if (!alsoOutputBucket) {
            return objects;
        }
        // Earlier runs' summaries and reports name the word: counting them would inflate every run.
        var own = objects.stream()
                .filter(object -> object.key().startsWith(ResultLocation.ROOT))
                .count();
        if (own > 0) {
            console.print(
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
