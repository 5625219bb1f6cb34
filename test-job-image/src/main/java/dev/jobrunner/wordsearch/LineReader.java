package dev.jobrunner.wordsearch;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits characters into lines ended by "\n", "\r\n" or "\r", as {@link java.io.BufferedReader}
 * does, but refuses a line longer than a limit: only one line is ever held, so memory stays bounded
 * whatever the object holds.
 */
final class LineReader {

    private final Reader reader;
    private final int maxLineLength;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder line = new StringBuilder();
    private int position;
    private int limit;
    private boolean afterCarriageReturn;

    LineReader(Reader reader, int maxLineLength) {
        this.reader = reader;
        this.maxLineLength = maxLineLength;
    }

    /** The next line without its terminator, or {@code null} at the end; a final unterminated line counts. */
    String next() throws IOException, NotTextException {
        line.setLength(0);
        var started = false;
        while (fill()) {
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            started = true;
            var end = position;
            while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
                end++;
            }
            if (line.length() + (end - position) > maxLineLength) {
                throw new NotTextException("has a line longer than " + maxLineLength + " characters");
            }
            line.append(buffer, position, end - position);
            position = end;
            if (end < limit) {
                afterCarriageReturn = buffer[end] == '\r';
                position++;
                return line.toString();
            }
        }
        return started ? line.toString() : null;
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        position = 0;
        limit = Math.max(reader.read(buffer), 0);
        return limit > 0;
    }
}
