package dev.jobrunner.wordsearch;

import java.time.Duration;

/**
 * How often a storage call is tried and how long to wait before the first retry; each further wait
 * doubles.
 *
 * @param attempts tries in all, at least one
 * @param firstDelay wait before the second try
 */
record RetryPolicy(int attempts, Duration firstDelay) {

    /** Four tries over 3.5 s: enough for a restarting MinIO pod or a lost connection. */
    static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500));

    RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    Duration delayAfter(int attempt) {
        return firstDelay.multipliedBy(1L << (attempt - 1));
    }
}
