package dev.jobrunner.wordsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * Reads one object once, as a stream, and either counts the word in it or reports it as skipped.
 *
 * <p>An object is searched only if all of it is valid UTF-8 (a byte-order mark is allowed and is not
 * a word character), it contains no NUL byte and no line is longer than {@link #MAX_LINE_LENGTH}
 * characters. Otherwise it is skipped as not text, and none of its occurrences count, not even those
 * before the offending byte. Lines end at "\n", "\r\n" or "\r"; an empty object has no lines, and a
 * last line without a terminator still counts.
 */
final class TextScanner {

    static final int MAX_LINE_LENGTH = 1024 * 1024;
    static final int FIRST_MATCHING_LINES_KEPT = 10;
    static final String NOT_UTF8 = "not valid UTF-8";
    static final String HAS_NUL = "contains a NUL byte";

    private final WordMatcher matcher;

    TextScanner(WordMatcher matcher) {
        this.matcher = matcher;
    }

    FileResult scan(StoredObject object, InputStream content) throws IOException {
        try {
            return search(object, content);
        } catch (CharacterCodingException invalidUtf8) {
            return FileResult.skipped(object, NOT_UTF8);
        } catch (NotTextException notText) {
            return FileResult.skipped(object, notText.getMessage());
        }
    }

    private FileResult search(StoredObject object, InputStream content) throws IOException, NotTextException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var lines = new LineReader(new InputStreamReader(content, decoder), MAX_LINE_LENGTH);
        var lineNumber = 0L;
        var matches = 0L;
        var firstMatchingLines = new ArrayList<Long>();
        for (var line = lines.next(); line != null; line = lines.next()) {
            lineNumber++;
            // UTF-8 encodes U+0000 as the single byte 0x00 and nothing else contains that byte.
            if (line.indexOf('\0') >= 0) {
                throw new NotTextException(HAS_NUL);
            }
            var found = matcher.count(line);
            matches += found;
            if (found > 0 && firstMatchingLines.size() < FIRST_MATCHING_LINES_KEPT) {
                firstMatchingLines.add(lineNumber);
            }
        }
        return FileResult.searched(object, lineNumber, matches, firstMatchingLines);
    }
}
