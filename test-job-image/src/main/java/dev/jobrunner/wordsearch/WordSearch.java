package dev.jobrunner.wordsearch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The work itself: the objects of the input bucket searched one after the other, each read once as a stream. */
final class WordSearch {

    private final Storage storage;
    private final Log log;

    WordSearch(Storage storage, Log log) {
        this.storage = storage;
        this.log = log;
    }

    List<FileResult> search(SearchSettings settings, String outputBucket) {
        var bucket = settings.inputBucket();
        var text = new TextSearch(settings.word());
        var results = new ArrayList<FileResult>();
        for (var object : list(bucket, bucket.equals(outputBucket))) {
            var started = log.now();
            var result = storage.read(bucket, object.key(), content -> text.search(object, content));
            log.print(
                    "read '%s' (%,d bytes) in %d ms: %s",
                    object.key(), object.size(), log.millisSince(started), result.outcome());
            results.add(result);
            simulateWork(settings.workPerFile(), object);
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
        // Earlier runs' summaries name the word: counting them would inflate every run.
        var searchable = objects.stream()
                .filter(object -> !object.key().startsWith(WordSearchJob.RESULTS))
                .toList();
        if (searchable.size() < objects.size()) {
            log.print(
                    "leaving out earlier results of this job under %s: %d",
                    WordSearchJob.RESULTS, objects.size() - searchable.size());
        }
        return searchable;
    }

    /** Stands for real work, as the original worker's sleep did. */
    private static void simulateWork(Duration duration, StoredObject after) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new JobFailure("interrupted during the simulated work after '" + after.key() + "'", interrupted);
        }
    }
}
