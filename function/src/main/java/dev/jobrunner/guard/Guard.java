package dev.jobrunner.guard;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;

/**
 * The calls to one dependency, the Kubernetes API or object storage, all configured under
 * {@code resilience4j.*.instances.<name>}:
 *
 * <ul>
 *   <li>a rate limiter and a bulkhead give the instance's calls their turns, first come first
 *       served: a burst of deliveries waits in line instead of swamping the dependency. The rate
 *       limiter's {@code timeout-duration} is how long a call may wait for its turn in all, and
 *       the bulkhead's {@code max-wait-duration} how long one attempt may wait for a free slot;
 *       past either, the call ends in a {@link QueuedTooLongException}, and the delivery is
 *       answered 429;
 *   <li>a refusal the dependency means as back-pressure ({@link BackPressure}) is sent again
 *       after the time it asks for, within the same patience, and counts neither for nor against
 *       the circuit breaker: a busy dependency is not a broken one;
 *   <li>a transient failure is retried with exponential backoff and jitter; while the dependency
 *       keeps failing, its circuit breaker refuses calls at once, before they queue, so
 *       deliveries get a quick 503 and Knative retries later instead of requests piling up.
 * </ul>
 */
public final class Guard {

    private final String name;
    private final RateLimiter turns;
    private final Bulkhead slots;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final BackPressure backPressure;

    Guard(
            String name,
            RateLimiter turns,
            Bulkhead slots,
            CircuitBreaker breaker,
            Retry retry,
            BackPressure backPressure) {
        this.name = name;
        this.turns = turns;
        this.slots = slots;
        this.breaker = breaker;
        this.retry = retry;
        this.backPressure = backPressure;
    }

    public <T> T call(Supplier<T> call) {
        var patience = turns.getRateLimiterConfig().getTimeoutDuration();
        var deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                // Every attempt passes the breaker, so an opened breaker also ends the retries.
                return retry.executeSupplier(() -> attempt(call, deadline, patience));
            } catch (RuntimeException refused) {
                var retryAfter = backPressure.retryAfter(refused);
                if (retryAfter.isEmpty()) {
                    throw refused;
                }
                pause(jittered(retryAfter.get()), deadline, patience, refused);
            }
        }
    }

    public void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    private <T> T attempt(Supplier<T> call, long deadline, Duration patience) {
        if (breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN) {
            throw CallNotPermittedException.createCallNotPermittedException(breaker);
        }
        pause(turns.reservePermission(), deadline, patience, null);
        if (!slots.tryAcquirePermission()) {
            throw new QueuedTooLongException(name, patience, null);
        }
        try {
            breaker.acquirePermission();
            var start = breaker.getCurrentTimestamp();
            try {
                var result = call.get();
                breaker.onResult(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), result);
                return result;
            } catch (RuntimeException e) {
                if (backPressure.retryAfter(e).isPresent()) {
                    breaker.releasePermission();
                } else {
                    breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
                }
                throw e;
            }
        } finally {
            slots.onComplete();
        }
    }

    /**
     * Waits {@code nanos} unless that ends past the deadline: a negative wait is the rate
     * limiter saying it has no turn within its timeout.
     */
    private void pause(long nanos, long deadline, Duration patience, RuntimeException lastRefusal) {
        if (nanos < 0 || System.nanoTime() + nanos - deadline > 0) {
            throw new QueuedTooLongException(name, patience, lastRefusal);
        }
        if (nanos == 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a " + name + " call waited for its turn", e);
        }
    }

    /**
     * At least what the dependency asked for, and up to half as long again: callers told to wait
     * the same second do not all come back in the same instant.
     */
    private static long jittered(Duration retryAfter) {
        var nanos = retryAfter.toNanos();
        return nanos + ThreadLocalRandom.current().nextLong(nanos / 2 + 1);
    }
}
