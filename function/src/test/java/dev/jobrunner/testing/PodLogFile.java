package dev.jobrunner.testing;

import java.util.Arrays;

/**
 * A container's log as the kubelet keeps it: written over time, rotated whenever the current
 * file reaches {@code containerLogMaxSize} (10 MiB by default,
 * {@code pkg/kubelet/logs/container_log_manager.go}), and served by {@code pods/log} from the
 * current file only: a non-follow read is the tail since the last rotation; a follow starts at
 * the current file's beginning and streams on ({@code pkg/kubelet/kuberuntime/logs/logs.go}).
 * Rotated files are not served at all (kubernetes#59902).
 */
final class PodLogFile {

    private final byte[] content;
    private final long writeStartNanos;
    private final long writeNanos;
    private final int rotationBytes;
    private volatile long stoppedNanos = Long.MAX_VALUE;

    PodLogFile(byte[] content, long writeStartNanos, long writeNanos, int rotationBytes) {
        this.content = content;
        this.writeStartNanos = writeStartNanos;
        this.writeNanos = writeNanos;
        this.rotationBytes = rotationBytes;
    }

    /** The container stopped: nothing more is written. */
    void stop(long atNanos) {
        stoppedNanos = Math.min(stoppedNanos, atNanos);
    }

    boolean stopped(long nowNanos) {
        return nowNanos >= stoppedNanos;
    }

    /** How many bytes the container has written by then. */
    int writtenAt(long nanos) {
        var at = Math.min(nanos, stoppedNanos);
        if (at <= writeStartNanos) {
            return writeNanos == 0 ? content.length : 0;
        }
        if (writeNanos == 0 || at - writeStartNanos >= writeNanos) {
            return content.length;
        }
        return (int) (content.length * (double) (at - writeStartNanos) / writeNanos);
    }

    /** When the byte at {@code offset} is written, or {@code Long.MAX_VALUE} if never. */
    long writtenBy(int offset) {
        if (offset <= 0 || writeNanos == 0) {
            return writeStartNanos;
        }
        var at = writeStartNanos + (long) Math.ceil((double) offset / content.length * writeNanos);
        return at <= stoppedNanos ? at : Long.MAX_VALUE;
    }

    /** Where the current file begins once {@code written} bytes are written. */
    int currentFileStart(int written) {
        return written - written % rotationBytes;
    }

    /** The current file: what a non-follow read returns. */
    byte[] currentFile(long nowNanos) {
        var written = writtenAt(nowNanos);
        return Arrays.copyOfRange(content, currentFileStart(written), written);
    }

    /** The bytes between two offsets of the whole log. */
    byte[] range(int from, int to) {
        return Arrays.copyOfRange(content, from, to);
    }

    /** How much the container will have written when it stops, as planned now. */
    int finalSize(long nowNanos) {
        return writtenAt(stoppedNanos);
    }

    long stoppedAt() {
        return stoppedNanos;
    }

    int rotationBytes() {
        return rotationBytes;
    }
}
