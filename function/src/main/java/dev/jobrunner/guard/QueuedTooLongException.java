package dev.jobrunner.guard;

import java.time.Duration;

/**
 * A call did not get its turn in time: this instance's calls to the dependency were queued behind
 * too many others, or the dependency kept asking it to slow down. Nothing was done, so the
 * delivery can be sent again later; it is not a failure of the dependency.
 */
public class QueuedTooLongException extends RuntimeException {

    QueuedTooLongException(String dependency, Duration patience, Throwable lastRefusal) {
        super("a " + dependency + " call waited more than " + patience.toSeconds() + " s for its turn"
                + (lastRefusal == null ? "" : ", last refused with: " + lastRefusal.getMessage()));
    }
}
