package dev.jobrunner.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.jobrunner.job.JobOutcome;
import dev.jobrunner.logs.LogStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The function's own meters, recorded at the few points of the flow where something happens to a
 * Job. Each instance counts what it saw: two instances awaiting the same Job both count its end.
 */
@Component
public class JobMetrics {

    // Jobs run from seconds to the one-hour maximum timeOut; the histogram's buckets span that.
    private static final Duration SHORTEST_JOB = Duration.ofSeconds(1);
    private static final Duration LONGEST_JOB = Duration.ofMinutes(65);

    private final MeterRegistry registry;
    private final Counter started;
    private final Counter answeredFromRecord;
    private final Counter orphansRecovered;
    private final Timer waited;
    private final Timer upload;
    private final DistributionSummary logBytes;
    private final AtomicInteger waiting = new AtomicInteger();

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.started = Counter.builder("jobrunner.jobs.started")
                .description("Jobs this instance created")
                .register(registry);
        this.answeredFromRecord = Counter.builder("jobrunner.redeliveries.answered")
                .description("Deliveries answered from a stored completion record, nothing started")
                .register(registry);
        this.orphansRecovered = Counter.builder("jobrunner.orphans.recovered")
                .description("Finished Jobs nobody awaited whose log this instance stored and whose completion it sent")
                .register(registry);
        this.waited = jobTimer("jobrunner.jobs.wait", "How long deliveries waited for their Job to finish");
        this.upload = Timer.builder("jobrunner.logs.upload")
                .description("How long storing a Job's spooled log took: hashing it and uploading it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.logBytes = DistributionSummary.builder("jobrunner.logs.stored")
                .description("Size of the Job logs stored")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("jobrunner.deliveries.waiting", waiting, AtomicInteger::get)
                .description("Deliveries this instance holds open now, waiting for their Job")
                .register(registry);
    }

    /** A Job created by this instance (not one it found already created). */
    public void jobStarted() {
        started.increment();
    }

    /** Counts a delivery as waiting while {@code delivery} runs. */
    public <T> T waiting(Supplier<T> delivery) {
        waiting.incrementAndGet();
        try {
            return delivery.get();
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Waits for a Job through {@code wait}, and records how long that took and how the Job ended. */
    public JobOutcome awaited(Supplier<JobOutcome> wait) {
        var outcome = waited.record(wait);
        Counter.builder("jobrunner.jobs.completed")
                .description("Jobs that finished while this instance awaited them")
                .tag("status", outcome.status().value())
                .tag("reason", outcome.reason())
                .register(registry)
                .increment();
        outcome.duration()
                .ifPresent(ran -> jobTimer("jobrunner.jobs.run", "How long Jobs ran, by the cluster's clock")
                        .record(ran));
        return outcome;
    }

    /** Stores a log through {@code store}, and records how long that took and how big the log is. */
    public LogStore.Stored stored(Supplier<LogStore.Stored> store) {
        var stored = upload.record(store);
        logBytes.record(stored.log().size());
        return stored;
    }

    /** A delivery whose Job had finished and been recorded already. */
    public void answeredFromRecord() {
        answeredFromRecord.increment();
    }

    /** A Job nobody awaited, recorded and announced by this instance. */
    public void orphanRecovered() {
        orphansRecovered.increment();
    }

    private Timer jobTimer(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(SHORTEST_JOB)
                .maximumExpectedValue(LONGEST_JOB)
                .register(registry);
    }
}
