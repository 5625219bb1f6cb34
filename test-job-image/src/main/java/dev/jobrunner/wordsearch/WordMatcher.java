package dev.jobrunner.wordsearch;

import java.util.regex.Pattern;

/**
 * Counts the occurrences of one word in a line: case-insensitive, whole word, not overlapping.
 *
 * <p>A word character is a Unicode letter ({@code \p{L}}), combining mark ({@code \p{M}}), decimal
 * digit ({@code \p{Nd}}) or the underscore. An occurrence of the word counts when the character just
 * before it and the character just after it are not word characters (or it starts or ends the line).
 * Upper and lower case are compared character by character with Unicode simple case folding, so
 * "KUBERNETES" and "Kubernetes" match "kubernetes", but "STRASSE" does not match "straße". The word is
 * taken literally: characters such as "." or "*" have no special meaning. Occurrences are found left
 * to right and never overlap.
 */
final class WordMatcher {

    /** How the summary names the rule; the class comment above is its full text. */
    static final String RULE = "case-insensitive whole word";

    private static final String WORD_CHARACTER = "[\\p{L}\\p{M}\\p{Nd}_]";

    private final Pattern pattern;

    WordMatcher(String word) {
        this.pattern = Pattern.compile(
                "(?<!" + WORD_CHARACTER + ")" + Pattern.quote(word) + "(?!" + WORD_CHARACTER + ")",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    int count(CharSequence line) {
        var matcher = pattern.matcher(line);
        var count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
