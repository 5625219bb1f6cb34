package dev.jobrunner.wordsearch;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTests {

    @Test
    @DisplayName("splits lines the same way when the reader hands over one character at a time")
    void nextWhenReaderReturnsSingleCharactersSplitsLinesAcrossReads() throws Exception {
        // Given: every "\r\n" straddles two reads
        var reader = new LineReader(new OneCharacterAtATime("ab\r\ncd\rx\n\r\n"), 10);

        // When
        var lines = readAll(reader);

        // Then
        assertThat(lines).containsExactly("ab", "cd", "x", "");
    }

    private static List<String> readAll(LineReader reader) throws Exception {
        var lines = new ArrayList<String>();
        for (var line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
        }
        return lines;
    }

    /** A reader as slow as a network can be: one character per call. */
    private static final class OneCharacterAtATime extends Reader {

        private final String text;
        private int position;

        OneCharacterAtATime(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] target, int offset, int length) {
            if (position == text.length()) {
                return -1;
            }
            target[offset] = text.charAt(position++);
            return 1;
        }

        @Override
        public void close() {}
    }
}
