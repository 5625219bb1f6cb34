package dev.jobrunner.wordsearch;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the search found in one object. A searched object has {@code lines}, {@code matches} and
 * {@code firstMatchingLines}; a skipped one has {@code skipReason} instead.
 *
 * @param key the object's key
 * @param size its size in bytes, as listed
 * @param status searched, or skipped because it is not text
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
        Status status,
        Long lines,
        Long matches,
        List<Long> firstMatchingLines,
        String skipReason) {

    enum Status {
        @JsonProperty("searched")
        SEARCHED,
        @JsonProperty("skipped")
        SKIPPED
    }

    static FileResult searched(StoredObject object, long lines, long matches, List<Long> firstMatchingLines) {
        return new FileResult(
                object.key(), object.size(), Status.SEARCHED, lines, matches, List.copyOf(firstMatchingLines), null);
    }

    static FileResult skipped(StoredObject object, String reason) {
        return new FileResult(object.key(), object.size(), Status.SKIPPED, null, null, null, reason);
    }

    boolean isSearched() {
        return status == Status.SEARCHED;
    }

    /** For sums over all files: a skipped object contributes nothing. */
    long matchCount() {
        return isSearched() ? matches : 0;
    }
}
