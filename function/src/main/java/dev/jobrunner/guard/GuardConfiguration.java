package dev.jobrunner.guard;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes the {@link Guard}s, each from the resilience4j instances named as its dependency. */
@Configuration(proxyBeanMethods = false)
class GuardConfiguration {

    @Bean
    Guards guards(
            RateLimiterRegistry rateLimiters,
            BulkheadRegistry bulkheads,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries) {
        return (name, backPressure) -> new Guard(
                name,
                rateLimiters.rateLimiter(name),
                bulkheads.bulkhead(name),
                breakers.circuitBreaker(name),
                retries.retry(name),
                backPressure);
    }

    /**
     * S3's own "slow down" ({@code SlowDown}, a 503) stays a transient failure, retried with
     * backoff (see {@code dev.jobrunner.logs.TransientStorageFailure}); the rate limiter and the
     * bulkhead keep this instance from provoking it.
     */
    @Bean
    Guard storageGuard(Guards guards) {
        return guards.guard("storage", BackPressure.NONE);
    }
}
