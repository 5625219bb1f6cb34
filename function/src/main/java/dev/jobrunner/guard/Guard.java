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
 *       served: a burst of deliveries waits in line instead of swamping the dependency. A call
 *       waits for its turn, a rate-limit turn and a free slot together, as long as the rate
 *       limiter's {@code timeout-duration}, or longer if its caller allows; past that it ends in a
 *       {@link QueuedTooLongException}, and the delivery is answered 429;
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

    /** Calls the dependency, waiting for a turn at most the rate limiter's {@code timeout-duration}. */
    public <T> T call(Supplier<T> call) {
        return call(Duration.ZERO, call);
    }

    /**
     * Calls the dependency, waiting for a turn as long as {@code patience}, or the rate limiter's
     * {@code timeout-duration} if that is longer: for a call whose caller can afford to queue.
     */
    public <T> T call(Duration patience, Supplier<T> call) {
        var allowed = max(patience, turns.getRateLimiterConfig().getTimeoutDuration());
        var deadline = System.nanoTime() + allowed.toNanos();
        while (true) {
            try {
                // Every attempt passes the breaker, so an opened breaker also ends the retries.
                return retry.executeSupplier(() -> attempt(call, deadline, allowed));
            } catch (RuntimeException refused) {
                var retryAfter = backPressure.retryAfter(refused);
                if (retryAfter.isEmpty()) {
                    throw refused;
                }
                pause(
                        jittered(retryAfter.get()),
                        deadline,
                        () -> new QueuedTooLongException(
                                name,
                                allowed,
                                "the dependency to accept it, asked to slow down: " + refused.getMessage()));
            }
        }
    }

    public void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    private <T> T attempt(Supplier<T> call, long deadline, Duration allowed) {
        if (breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN) {
            throw CallNotPermittedException.createCallNotPermittedException(breaker);
        }
        awaitTurn(deadline, allowed);
        awaitSlot(deadline, allowed);
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
     * A rate-limit turn, first come first served. The rate limiter books turns at most its
     * {@code timeout-duration} ahead; a call allowed to wait longer comes back when the queue has
     * moved on, and books then.
     */
    private void awaitTurn(long deadline, Duration allowed) {
        var queuedTooLong =
                (Supplier<QueuedTooLongException>) () -> new QueuedTooLongException(name, allowed, "a rate-limit turn");
        var lookAhead = turns.getRateLimiterConfig().getTimeoutDuration().toNanos();
        var wait = turns.reservePermission();
        while (wait < 0) {
            pause(lookAhead, deadline, queuedTooLong);
            wait = turns.reservePermission();
        }
        pause(wait, deadline, queuedTooLong);
    }

    /** One of the bulkhead's slots, first come first served, each try waiting its {@code max-wait-duration}. */
    private void awaitSlot(long deadline, Duration allowed) {
        var retries = !slots.getBulkheadConfig().getMaxWaitDuration().isZero();
        while (!slots.tryAcquirePermission()) {
            if (!retries || System.nanoTime() - deadline > 0) {
                throw new QueuedTooLongException(
                        name, allowed, "one of its " + slots.getBulkheadConfig().getMaxConcurrentCalls() + " slots");
            }
        }
    }

    /** Waits {@code nanos}, unless that would end past the deadline. */
    private void pause(long nanos, long deadline, Supplier<QueuedTooLongException> queuedTooLong) {
        if (System.nanoTime() + nanos - deadline > 0) {
            throw queuedTooLong.get();
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

    private static Duration max(Duration one, Duration other) {
        return one.compareTo(other) >= 0 ? one : other;
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
