package dev.jobrunner.guard;

import java.time.Duration;

/**
 * A call did not get its turn in time: this instance's calls to the dependency were queued behind
 * too many others, or the dependency kept asking it to slow down. Nothing was done, so the
 * delivery can be sent again later; it is not a failure of the dependency.
 */
public class QueuedTooLongException extends RuntimeException {

    /** @param waitingFor what the call was waiting for, such as "a rate-limit turn" */
    QueuedTooLongException(String dependency, Duration patience, String waitingFor) {
        super("a " + dependency + " call did not get its turn within " + shown(patience) + " (waiting for " + waitingFor
                + ")");
    }

    private static String shown(Duration patience) {
        return patience.toSeconds() > 0 ? patience.toSeconds() + " s" : patience.toMillis() + " ms";
    }
}
