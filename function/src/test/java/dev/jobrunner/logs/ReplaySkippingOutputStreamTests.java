package dev.jobrunner.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A resumed follow appended to its spool: a replay of the same file dropped, a rotated file kept whole. */
class ReplaySkippingOutputStreamTests {

    @TempDir
    Path directory;

    @Test
    @DisplayName("A resume that replays the same file, in writes of any size, appends only what is new")
    void replayOfTheSameFileIsDropped() throws IOException {
        var before = randomText(30_000);
        var spool = spooled("header\n" + before);

        var stream = resume(spool, "header\n".length());
        writeInPieces(stream, before + "and then more\n", 777);
        stream.close();

        assertThat(Files.readString(spool)).isEqualTo("header\n" + before + "and then more\n");
        assertThat(stream.nextReplayStart()).isEqualTo("header\n".length());
    }

    @Test
    @DisplayName("A resume whose file rotated keeps the new file whole, also the part that matched the old one")
    void rotatedFileIsKeptWhole() throws IOException {
        var before = randomText(10_000);
        var spool = spooled(before);
        var rotated = before.substring(0, 5_000) + "X" + randomText(3_000);

        var stream = resume(spool, 0);
        writeInPieces(stream, rotated, 2048);
        stream.close();

        assertThat(Files.readString(spool)).isEqualTo(before + rotated);
        assertThat(stream.nextReplayStart()).isEqualTo(before.length());
    }

    @Test
    @DisplayName("A resume that ends inside its replay appends nothing and compares from the same place next time")
    void followEndingMidReplayAppendsNothing() throws IOException {
        var before = randomText(8_000);
        var spool = spooled(before);

        var stream = resume(spool, 0);
        writeInPieces(stream, before.substring(0, 3_000), 1000);
        stream.close();

        assertThat(Files.readString(spool)).isEqualTo(before);
        assertThat(stream.nextReplayStart()).isZero();
    }

    private Path spooled(String content) throws IOException {
        return Files.writeString(directory.resolve("pod.log"), content);
    }

    private static ReplaySkippingOutputStream resume(Path spool, long replayStart) throws IOException {
        return new ReplaySkippingOutputStream(
                Files.newOutputStream(spool, StandardOpenOption.APPEND), spool, replayStart);
    }

    private static void writeInPieces(ReplaySkippingOutputStream stream, String text, int piece) throws IOException {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += piece) {
            stream.write(bytes, at, Math.min(piece, bytes.length - at));
        }
    }

    private static String randomText(int length) {
        var random = new Random(length);
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
