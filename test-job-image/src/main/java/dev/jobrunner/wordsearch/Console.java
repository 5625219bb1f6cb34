package dev.jobrunner.wordsearch;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The Job's log: one timestamped line per step on stdout, which the function stores. Every line is
 * redacted; numbers use a fixed locale so the log reads the same on every machine.
 */
final class Console {

    private final PrintStream out;
    private final Clock clock;
    private final Redactor redactor;

    Console(PrintStream out, Clock clock, Redactor redactor) {
        this.out = out;
        this.clock = clock;
        this.redactor = redactor;
    }

    void print(String format, Object... arguments) {
        var timestamp = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        out.println(timestamp + " " + redactor.redact(String.format(Locale.ROOT, format, arguments)));
        out.flush();
    }

    /** For failures nobody anticipated: the stack trace is what a bug report needs. */
    void printStackTrace(Throwable failure) {
        var trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        out.print(redactor.redact(trace.toString()));
        out.flush();
    }

    Stopwatch stopwatch() {
        return new Stopwatch(clock, clock.instant());
    }
}
