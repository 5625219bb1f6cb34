package dev.jobrunner.wordsearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.regex.Pattern;

/**
 * Counts one word in one object, read once as a stream, or says why the object is not text.
 *
 * <p>The word counts case-insensitively (Unicode simple case folding, one character at a time), as a
 * whole word (the characters just before and after it are not letters, combining marks, decimal
 * digits or "_"), literally and without overlaps. An object is searched only if all of it is valid
 * UTF-8, it holds no NUL and no line is longer than {@link #MAX_LINE_LENGTH} characters; otherwise
 * none of its occurrences count. Lines end at "\n", "\r\n" or "\r", as {@link BufferedReader} splits
 * them.
 */
final class TextSearch {

    static final String RULE = "case-insensitive whole word";
    static final int MAX_LINE_LENGTH = 1024 * 1024;
    static final int FIRST_MATCHING_LINES_KEPT = 10;

    private static final String WORD_CHARACTER = "[\\p{L}\\p{M}\\p{Nd}_]";

    private final Pattern word;

    TextSearch(String word) {
        this.word = Pattern.compile(
                "(?<!" + WORD_CHARACTER + ")" + Pattern.quote(word) + "(?!" + WORD_CHARACTER + ")",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    Summary.FileResult search(String key, long size, InputStream content) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var lines = new BufferedReader(new TextGuard(new InputStreamReader(content, decoder)));
        var lineCount = 0L;
        var matches = 0L;
        var firstMatchingLines = new ArrayList<Long>();
        try {
            for (var line = lines.readLine(); line != null; line = lines.readLine()) {
                lineCount++;
                var found = count(line);
                matches += found;
                if (found > 0 && firstMatchingLines.size() < FIRST_MATCHING_LINES_KEPT) {
                    firstMatchingLines.add(lineCount);
                }
            }
        } catch (CharacterCodingException invalidUtf8) {
            return Summary.FileResult.skipped(key, size, "not valid UTF-8");
        } catch (NotText notText) {
            return Summary.FileResult.skipped(key, size, notText.getMessage());
        }
        return Summary.FileResult.searched(key, size, lineCount, matches, firstMatchingLines);
    }

    long count(CharSequence line) {
        return word.matcher(line).results().count();
    }

    /**
     * Refuses what is not text as the characters stream past, before {@link BufferedReader} gathers
     * them into a line: so it never holds more than one line of bounded length.
     */
    private static final class TextGuard extends Reader {

        private final Reader in;
        private long charactersSinceLineBreak;

        TextGuard(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            var count = in.read(buffer, offset, length);
            for (var index = offset; index < offset + count; index++) {
                var character = buffer[index];
                if (character == '\n' || character == '\r') {
                    charactersSinceLineBreak = 0;
                } else if (character == '\0') {
                    // UTF-8 encodes U+0000 as the byte 0x00 and nothing else holds that byte.
                    throw new NotText("contains a NUL byte");
                } else if (++charactersSinceLineBreak > MAX_LINE_LENGTH) {
                    throw new NotText("has a line longer than " + MAX_LINE_LENGTH + " characters");
                }
            }
            return count;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Why an object is skipped; an I/O exception so that it can leave {@link Reader#read}. */
    private static final class NotText extends IOException {

        NotText(String reason) {
            super(reason);
        }
    }
}
