package dev.jobrunner.wordsearch;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A generated text of {@link #SIZE} bytes, produced line by line as it is read, with a known number
 * of planted words: every {@link #PLANT_EVERY}th line holds the word twice, in different cases, and
 * every seventh other line holds only near misses that must not count.
 */
final class LargeText extends InputStream {

    static final int LINES = 400_000;
    static final int LINE_BYTES = 100;
    static final long SIZE = (long) LINES * LINE_BYTES;
    static final int PLANT_EVERY = 1_000;
    static final long MATCHES = 2L * (LINES / PLANT_EVERY);

    private int lineNumber;
    private byte[] line = new byte[0];
    private int position;

    private static byte[] line(int number) {
        String text;
        if (number % PLANT_EVERY == 0) {
            text = "line %07d: Kubernetes schedules the pods, KUBERNETES restarts them".formatted(number);
        } else if (number % 7 == 0) {
            text = "line %07d: kubernetesish pre_kubernetes kubernetes2 k8s".formatted(number);
        } else {
            text = "line %07d: the quick brown fox jumps over the lazy dog".formatted(number);
        }
        var padded = text + ".".repeat(LINE_BYTES - 1 - text.length()) + "\n";
        return padded.getBytes(StandardCharsets.US_ASCII);
    }

    /** False at the end of the text. */
    private boolean ensureLine() {
        if (position < line.length) {
            return true;
        }
        if (lineNumber == LINES) {
            return false;
        }
        line = line(++lineNumber);
        position = 0;
        return true;
    }

    @Override
    public int read() {
        return ensureLine() ? line[position++] : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!ensureLine()) {
            return -1;
        }
        var count = Math.min(length, line.length - position);
        System.arraycopy(line, position, target, offset, count);
        position += count;
        return count;
    }
}
