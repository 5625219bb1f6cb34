package dev.jobrunner.guard;

import java.time.Duration;
import java.util.Optional;

/**
 * Tells a dependency's "slow down" from its failures: a call it answers this way was refused
 * because the dependency is busy, not broken, so it is sent again after the time the answer asks
 * for and never counts against the circuit breaker.
 */
@FunctionalInterface
public interface BackPressure {

    /** A dependency that never asks its callers to slow down. */
    BackPressure NONE = failure -> Optional.empty();

    /** @return how long to wait before sending the call again, if the failure asks to slow down */
    Optional<Duration> retryAfter(Throwable failure);
}
