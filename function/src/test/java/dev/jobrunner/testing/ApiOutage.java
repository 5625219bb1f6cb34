package dev.jobrunner.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * An API server outage for a time, not for a number of calls: until it ends, every call of the
 * application under test is answered 500, however many the breaker's half-open probes or the
 * retries make. Other calls, and all calls outside the outage, go on to {@link ApiFaults}.
 */
public class ApiOutage extends Dispatcher {

    private final ApiFaults next;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<Instant> endsAt = new AtomicReference<>(Instant.MIN);
    private final AtomicInteger refused = new AtomicInteger();

    public ApiOutage(ApiFaults next) {
        this.next = next;
    }

    /** Every call of the application is answered 500 from now on, for {@code length}. */
    public void startFor(Duration length) {
        refused.set(0);
        endsAt.set(clock.instant().plus(length));
    }

    /** How many calls the current or last outage answered 500. */
    public int refused() {
        return refused.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (ApiFaults.APPLICATION_AGENT.equals(request.getHeader("User-Agent"))
                && clock.instant().isBefore(endsAt.get())) {
            refused.incrementAndGet();
            return new MockResponse().setResponseCode(500).setBody("""
                            {"kind":"Status","apiVersion":"v1","status":"Failure","message":"injected outage","code":500}""");
        }
        return next.dispatch(request);
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }
}
