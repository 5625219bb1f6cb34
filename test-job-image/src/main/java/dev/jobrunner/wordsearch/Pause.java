package dev.jobrunner.wordsearch;

import java.time.Duration;

/** Waits between retries and for the simulated work; an interrupt ends the run. */
final class Pause {

    private Pause() {}

    static void pause(Duration duration, String purpose) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new JobFailure("interrupted while waiting (" + purpose + ")", interrupted);
        }
    }
}
