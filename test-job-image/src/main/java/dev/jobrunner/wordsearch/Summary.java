package dev.jobrunner.wordsearch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one run, written as {@code summary.json}: indented, so that people can read it
 * too.
 *
 * @param word the word searched for
 * @param matchRule how occurrences are counted (see {@link TextSearch})
 * @param inputBucket the bucket searched
 * @param outputBucket the bucket the results are in
 * @param resultPrefix the key prefix of this run's files in the output bucket
 * @param startedAt when the run started (ISO-8601, UTC, to the millisecond)
 * @param finishedAt when the search finished (ISO-8601, UTC, to the millisecond)
 * @param message one line saying what was found, or that there was nothing to search
 * @param objects objects searched or skipped
 * @param searched objects searched as text
 * @param skipped objects skipped as not text
 * @param matches occurrences in all searched objects
 * @param files one entry per object, in key order
 */
record Summary(
        String word,
        String matchRule,
        String inputBucket,
        String outputBucket,
        String resultPrefix,
        String startedAt,
        String finishedAt,
        String message,
        int objects,
        int searched,
        int skipped,
        long matches,
        List<FileResult> files) {

    static Summary of(
            SearchSettings settings,
            String outputBucket,
            String resultPrefix,
            Instant startedAt,
            Instant finishedAt,
            List<FileResult> files) {
        var searched = (int) files.stream().filter(FileResult::isSearched).count();
        var matches = files.stream()
                .filter(FileResult::isSearched)
                .mapToLong(FileResult::matches)
                .sum();
        var message = files.isEmpty()
                ? "input bucket '" + settings.inputBucket() + "' has no objects to search"
                : String.format(
                        Locale.ROOT,
                        "matches of '%s': %d in %d objects (%d searched, %d skipped as not text)",
                        settings.word(),
                        matches,
                        files.size(),
                        searched,
                        files.size() - searched);
        return new Summary(
                settings.word(),
                TextSearch.RULE,
                settings.inputBucket(),
                outputBucket,
                resultPrefix,
                startedAt.truncatedTo(ChronoUnit.MILLIS).toString(),
                finishedAt.truncatedTo(ChronoUnit.MILLIS).toString(),
                message,
                files.size(),
                searched,
                files.size() - searched,
                matches,
                List.copyOf(files));
    }
}
