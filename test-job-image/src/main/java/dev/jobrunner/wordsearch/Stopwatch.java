package dev.jobrunner.wordsearch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** How long a step took, read from the same clock that timestamps the log. */
record Stopwatch(Clock clock, Instant started) {

    long millis() {
        return Duration.between(started, clock.instant()).toMillis();
    }
}
