package dev.jobrunner.wordsearch;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the search found in one object: a searched object has {@code lines}, {@code matches} and
 * {@code firstMatchingLines}, a skipped one a {@code skipReason} instead.
 *
 * @param key the object's key
 * @param size its size in bytes, as listed
 * @param status {@code searched}, or {@code skipped} because it is not text
 * @param lines number of lines
 * @param matches occurrences of the word
 * @param firstMatchingLines numbers (from 1) of the first lines holding at least one occurrence,
 *     at most {@link TextSearch#FIRST_MATCHING_LINES_KEPT}, each line once
 * @param skipReason why the object is not text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FileResult(
        String key,
        long size,
        String status,
        Long lines,
        Long matches,
        List<Long> firstMatchingLines,
        String skipReason) {

    static FileResult searched(StoredObject object, long lines, long matches, List<Long> firstMatchingLines) {
        return new FileResult(
                object.key(), object.size(), "searched", lines, matches, List.copyOf(firstMatchingLines), null);
    }

    static FileResult skipped(StoredObject object, String reason) {
        return new FileResult(object.key(), object.size(), "skipped", null, null, null, reason);
    }

    boolean isSearched() {
        return skipReason == null;
    }

    /** For the log. */
    String outcome() {
        return isSearched()
                ? String.format(Locale.ROOT, "lines: %,d, matches: %,d", lines, matches)
                : "skipped, " + skipReason;
    }
}
