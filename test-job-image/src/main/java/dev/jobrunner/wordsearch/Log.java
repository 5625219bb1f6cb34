package dev.jobrunner.wordsearch;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The Job's log: one timestamped line per step on stdout, which the function stores. Messages of the
 * storage client are not ours to vouch for, so every line, and the error file, has the credentials
 * masked. Numbers use a fixed locale so the log reads the same on every machine.
 */
final class Log {

    private static final String MASK = "[redacted]";

    private final PrintStream out;
    private final Clock clock;
    private final List<String> secrets;

    /** The keys come from the raw environment, so they are masked even when the settings are invalid. */
    Log(PrintStream out, Clock clock, Map<String, String> environment) {
        this.out = out;
        this.clock = clock;
        // Longest first, so that a key containing the other is masked whole.
        this.secrets = Stream.of(environment.get("MINIO_ACCESS_KEY"), environment.get("MINIO_SECRET_KEY"))
                .filter(Objects::nonNull)
                .filter(secret -> !secret.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    void print(String format, Object... arguments) {
        out.println(now() + " " + redact(String.format(Locale.ROOT, format, arguments)));
    }

    /** For failures nobody anticipated: the stack trace is what a bug report needs. */
    void printStackTrace(Throwable failure) {
        var trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        out.print(redact(trace.toString()));
    }

    String redact(String text) {
        var result = text;
        for (var secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    long millisSince(Instant start) {
        return Duration.between(start, now()).toMillis();
    }
}
