package dev.jobrunner.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Job's whole log as one file of known length and SHA-256: what an upload reads its parts from,
 * each at its own offset, and what the record's digest is taken from. A Job with one pod has its
 * log in that pod's spool file already and is only hashed; the logs of several pods (retries),
 * each after a line naming it, are joined into a file of their own, hashed on the way, and that
 * file goes when this is closed.
 */
final class SpooledLog implements AutoCloseable {

    // Reads at page-cache speed; SHA-256 (with the CPU's SHA extensions) is the slower part.
    private static final int READ_BUFFER = 256 * 1024;

    private final Path file;
    private final long size;
    private final String sha256;
    private final boolean joined;

    private SpooledLog(Path file, long size, String sha256, boolean joined) {
        this.file = file;
        this.size = size;
        this.sha256 = sha256;
        this.joined = joined;
    }

    /**
     * @param scratch where a joined log is written: beside the spools, on the same volume
     */
    static SpooledLog of(PodLogs.CollectedLog log, Path scratch) {
        var parts = log.parts();
        try {
            if (parts.size() == 1
                    && parts.getFirst().header() == null
                    && Files.exists(parts.getFirst().spool().file())) {
                var file = parts.getFirst().spool().file();
                try (var in = Files.newInputStream(file)) {
                    var digest = newDigest();
                    var size = hash(in, digest);
                    return new SpooledLog(file, size, HexFormat.of().formatHex(digest.digest()), false);
                }
            }
            Files.createDirectories(scratch);
            var file = Files.createTempFile(scratch, "joined-", ".log");
            try (var in = log.open();
                    var out = new DigestOutputStream(Files.newOutputStream(file), newDigest())) {
                var size = in.transferTo(out);
                return new SpooledLog(
                        file,
                        size,
                        HexFormat.of().formatHex(out.getMessageDigest().digest()),
                        true);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the spooled log to store it", e);
        }
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    /** Lower-case hex. */
    String sha256() {
        return sha256;
    }

    InputStream open() {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the spooled log " + file, e);
        }
    }

    /** Reads {@code in} to its end into {@code digest}; returns how many bytes it held. */
    static long hash(InputStream in, MessageDigest digest) throws IOException {
        var buffer = new byte[READ_BUFFER];
        long size = 0;
        for (int read; (read = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, read);
            size += read;
        }
        return size;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** Deletes a joined file; a pod's own spool stays for its owner to delete. */
    @Override
    public void close() {
        if (!joined) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the joined log " + file, e);
        }
    }
}
