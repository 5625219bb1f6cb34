package dev.jobrunner.guard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A guarded call waits its turn, honours back-pressure, and leaves the breaker to real failures. */
class GuardTests {

    private static final Duration SLOW_DOWN = Duration.ofMillis(200);

    private final CircuitBreaker breaker = CircuitBreaker.of(
            "test",
            CircuitBreakerConfig.custom()
                    .minimumNumberOfCalls(2)
                    .recordException(e -> e instanceof UncheckedIOException)
                    .build());

    @Test
    @DisplayName(
            "Asked to slow down twice: waits at least as told each time, then succeeds; the breaker counts no failure")
    void callWhenAskedToSlowDownWaitsAsTold() {
        // Given
        var guard = guard(rateLimiter(1000, Duration.ofSeconds(5)), bulkhead(4, Duration.ZERO));
        var refusals = new AtomicInteger(2);
        var started = System.nanoTime();

        // When
        var result = guard.call(() -> {
            if (refusals.getAndDecrement() > 0) {
                throw new SlowDown();
            }
            return "done";
        });

        // Then
        assertThat(result).isEqualTo("done");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(SLOW_DOWN.multipliedBy(2));
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    @DisplayName("Asked to slow down beyond its patience: queued too long, and the breaker stays closed")
    void callWhenBackPressureOutlastsPatienceIsQueuedTooLong() {
        var guard = guard(rateLimiter(1000, Duration.ofMillis(500)), bulkhead(4, Duration.ZERO));
        var attempts = new AtomicInteger();

        assertThatThrownBy(() -> guard.call(() -> {
                    attempts.incrementAndGet();
                    throw new SlowDown();
                }))
                .isInstanceOf(QueuedTooLongException.class)
                .hasMessageContaining(
                        "test call did not get its turn within 500 ms (waiting for the dependency to accept it");
        assertThat(attempts.get()).isBetween(1, 3);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    @DisplayName("No rate-limit turn within its patience: queued too long, the dependency never called")
    void callWithoutTurnInTimeIsQueuedTooLong() {
        var guard = guard(rateLimiter(1, Duration.ofMillis(100)), bulkhead(4, Duration.ZERO));
        var calls = new AtomicInteger();
        guard.run(calls::incrementAndGet);

        assertThatThrownBy(() -> guard.run(calls::incrementAndGet)).isInstanceOf(QueuedTooLongException.class);
        assertThat(calls.get()).isOne();
    }

    @Test
    @DisplayName("A call allowed to queue longer than the rate limiter books ahead: comes back, and gets its turn")
    void callWithLongerPatienceGetsALaterTurn() {
        // Given: one turn a second, booked at most 100 ms ahead, and that turn taken
        var guard = guard(rateLimiter(1, Duration.ofMillis(100)), bulkhead(4, Duration.ZERO));
        guard.run(() -> {});

        // When
        var result = guard.call(Duration.ofSeconds(5), () -> "later");

        // Then
        assertThat(result).isEqualTo("later");
    }

    @Test
    @DisplayName("A call allowed to queue longer than one wait for a slot: tries again, and gets the slot once free")
    void callWithLongerPatienceGetsASlotOnceFree() throws Exception {
        // Given: one slot, each wait for it 50 ms, held for longer than that
        var guard = guard(rateLimiter(1000, Duration.ofMillis(100)), bulkhead(1, Duration.ofMillis(50)));
        var release = new CompletableFuture<Void>();
        var holding = new CompletableFuture<Void>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var holder = pool.submit(() -> guard.run(() -> {
                holding.complete(null);
                release.join();
            }));
            holding.join();

            // When
            var waiting = pool.submit(() -> guard.call(Duration.ofSeconds(5), () -> "after the holder"));
            release.completeOnTimeout(null, 300, TimeUnit.MILLISECONDS);

            // Then
            assertThat(waiting.get()).isEqualTo("after the holder");
            holder.get();
        }
    }

    @Test
    @DisplayName("Thirty calls at once through two slots: never more than two at a time, every one served in turn")
    void callsBeyondTheSlotsWaitTheirTurn() throws Exception {
        // Given
        var guard = guard(rateLimiter(1000, Duration.ofSeconds(5)), bulkhead(2, Duration.ofSeconds(10)));
        var running = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();
        var release = new CompletableFuture<Void>();

        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // When
            var calls = IntStream.range(0, 30)
                    .mapToObj(i -> pool.submit(() -> guard.call(() -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        release.join();
                        running.decrementAndGet();
                        return i;
                    })))
                    .toList();
            await().until(() -> running.get() == 2);
            release.complete(null);

            // Then
            for (int i = 0; i < calls.size(); i++) {
                assertThat(calls.get(i).get()).isEqualTo(i);
            }
        }
        assertThat(mostAtOnce.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("Breaker open: refused at once, without taking a rate-limit turn")
    void callWhenBreakerOpenIsRefusedBeforeQueueing() {
        var turns = rateLimiter(5, Duration.ofSeconds(5));
        var guard = guard(turns, bulkhead(4, Duration.ZERO));
        breaker.transitionToForcedOpenState();

        assertThatThrownBy(() -> guard.run(() -> {})).isInstanceOf(CallNotPermittedException.class);
        assertThat(turns.getMetrics().getAvailablePermissions()).isEqualTo(5);
    }

    @Test
    @DisplayName("A transient failure is retried and counted against the breaker")
    void callWhenFailingIsRetriedAndCounted() {
        var guard = guard(rateLimiter(1000, Duration.ofSeconds(5)), bulkhead(4, Duration.ZERO));
        var failures = new AtomicInteger(1);

        var result = guard.call(() -> {
            if (failures.getAndDecrement() > 0) {
                throw new UncheckedIOException(new IOException("connection reset"));
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isOne();
    }

    private Guard guard(RateLimiter turns, Bulkhead slots) {
        var retry = Retry.of(
                "test",
                RetryConfig.custom()
                        .maxAttempts(3)
                        .waitDuration(Duration.ofMillis(10))
                        .retryOnException(e -> e instanceof UncheckedIOException)
                        .build());
        return new Guard(
                "test",
                turns,
                slots,
                breaker,
                retry,
                failure -> failure instanceof SlowDown ? Optional.of(SLOW_DOWN) : Optional.empty());
    }

    /** {@code perSecond} turns, handed out each second, waited for at most {@code patience}. */
    private static RateLimiter rateLimiter(int perSecond, Duration patience) {
        return RateLimiter.of(
                "test",
                RateLimiterConfig.custom()
                        .limitForPeriod(perSecond)
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(patience)
                        .build());
    }

    private static Bulkhead bulkhead(int slots, Duration wait) {
        return Bulkhead.of(
                "test",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(slots)
                        .maxWaitDuration(wait)
                        .build());
    }

    /** What a dependency answers when it is busy. */
    private static final class SlowDown extends RuntimeException {}
}
