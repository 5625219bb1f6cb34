package dev.jobrunner.guard;

import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

/**
 * The calls to one dependency, the Kubernetes API or object storage. A transient failure is
 * retried with exponential backoff and jitter; while the dependency keeps failing, its circuit
 * breaker refuses calls at once, so deliveries get a quick 503 and Knative retries later instead
 * of requests piling up. Configured under {@code resilience4j.retry.instances.<name>} and
 * {@code resilience4j.circuitbreaker.instances.<name>}.
 */
public final class Guard {

    private final CircuitBreaker breaker;
    private final Retry retry;

    Guard(CircuitBreaker breaker, Retry retry) {
        this.breaker = breaker;
        this.retry = retry;
    }

    public <T> T call(Supplier<T> call) {
        // Every attempt passes the breaker, so an opened breaker also ends the retries.
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call))
                .get();
    }

    public void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }
}
