package dev.jobrunner.guard;

/** Makes the {@link Guard} of a dependency; each feature makes its own, knowing its dependency's back-pressure. */
@FunctionalInterface
public interface Guards {

    /**
     * @param name the name of the dependency's resilience4j instances (rate limiter, bulkhead,
     *     circuit breaker, retry)
     * @param backPressure which of the dependency's refusals mean "slow down"
     */
    Guard guard(String name, BackPressure backPressure);
}
