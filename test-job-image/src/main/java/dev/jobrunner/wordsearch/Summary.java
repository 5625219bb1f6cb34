package dev.jobrunner.wordsearch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The outcome of one run, written as {@code summary.json}; the module's README describes each field. */
record Summary(
        String word,
        String matchRule,
        String inputBucket,
        String filePrefix,
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

    /** One object: {@code lines}, {@code matches} and {@code firstMatchingLines} if searched, {@code skipReason} if not. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileResult(
            String key,
            long size,
            String status,
            Long lines,
            Long matches,
            List<Long> firstMatchingLines,
            String skipReason) {

        static FileResult searched(String key, long size, long lines, long matches, List<Long> firstMatchingLines) {
            return new FileResult(key, size, "searched", lines, matches, List.copyOf(firstMatchingLines), null);
        }

        static FileResult skipped(String key, long size, String reason) {
            return new FileResult(key, size, "skipped", null, null, null, reason);
        }

        boolean isSearched() {
            return skipReason == null;
        }
    }

    static Summary of(
            Settings.Search settings,
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
                ? "input bucket '" + settings.inputBucket() + "' has no objects" + settings.under() + " to search"
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
                settings.filePrefix(),
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
