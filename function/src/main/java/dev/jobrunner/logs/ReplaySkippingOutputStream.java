package dev.jobrunner.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Appends a resumed follow to a spooled log without repeating what is already there. A follow
 * always starts at the beginning of the kubelet's current log file. If that file has not rotated
 * since the last follow began, the new follow first replays everything the last one delivered:
 * those bytes are checked against the spool and dropped. If a byte differs, the file has rotated
 * and everything from the new follow is new.
 */
final class ReplaySkippingOutputStream extends OutputStream {

    private static final int COPY_BUFFER = 16 * 1024;
    // As large as the follow's own writes (PodLogSpool), allocated only when a follow is resumed.
    private static final int COMPARE_BUFFER = 2048;

    private final OutputStream spool;
    private final RandomAccessFile delivered;
    private final long replayStart;
    private final long replayEnd;
    private long position;
    private boolean comparing = true;
    private boolean rotated;
    private byte[] compared;

    /**
     * @param spool appends to the spool file
     * @param file the spool file
     * @param replayStart where the last follow's bytes begin in the spool
     */
    ReplaySkippingOutputStream(OutputStream spool, Path file, long replayStart) throws IOException {
        this.spool = spool;
        this.delivered = new RandomAccessFile(file.toFile(), "r");
        this.replayStart = replayStart;
        this.replayEnd = delivered.length();
        this.position = replayStart;
        delivered.seek(replayStart);
    }

    /** Where the next resume compares from: the start of the file this follow ended in. */
    long nextReplayStart() {
        return rotated ? replayEnd : replayStart;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        var from = offset;
        var end = offset + length;
        while (comparing && from < end) {
            if (position >= replayEnd) {
                // The whole replay matched: the rest continues the same file.
                comparing = false;
                break;
            }
            // A chunk at a time: a replay is up to a whole log file (10 MiB), read once per resume.
            var chunk = (int) Math.min(Math.min(end - from, replayEnd - position), COMPARE_BUFFER);
            if (compared == null) {
                compared = new byte[COMPARE_BUFFER];
            }
            delivered.readFully(compared, 0, chunk);
            var differsAt = Arrays.mismatch(compared, 0, chunk, bytes, from, from + chunk);
            if (differsAt >= 0) {
                from += differsAt;
                position += differsAt;
                comparing = false;
                rotated = true;
                appendFromSpool(replayStart, position);
                break;
            }
            from += chunk;
            position += chunk;
        }
        if (from < end) {
            spool.write(bytes, from, end - from);
        }
    }

    /** The bytes that matched before the mismatch belong to the new file too: append them again. */
    private void appendFromSpool(long from, long to) throws IOException {
        delivered.seek(from);
        var buffer = new byte[COPY_BUFFER];
        var left = to - from;
        while (left > 0) {
            var read = delivered.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the spooled log ended before its own replay");
            }
            spool.write(buffer, 0, read);
            left -= read;
        }
    }

    @Override
    public void flush() throws IOException {
        spool.flush();
    }

    @Override
    public void close() throws IOException {
        delivered.close();
        spool.close();
    }
}
