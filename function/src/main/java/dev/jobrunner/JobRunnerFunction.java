package dev.jobrunner;

import java.util.function.Function;

import dev.jobrunner.event.CompletionEvents;
import dev.jobrunner.job.JobCleaner;
import dev.jobrunner.job.JobIdentity;
import dev.jobrunner.job.JobLauncher;
import dev.jobrunner.job.JobLogContext;
import dev.jobrunner.job.JobOutcome;
import dev.jobrunner.job.JobWaits;
import dev.jobrunner.logs.CompletionRecords;
import dev.jobrunner.logs.StorageProperties;
import dev.jobrunner.logs.StoredLog;
import dev.jobrunner.metrics.JobMetrics;
import dev.jobrunner.request.JobRequest;
import dev.jobrunner.request.JobRequestParser;
import io.cloudevents.CloudEvent;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.springframework.stereotype.Component;

/**
 * The function: a CloudEvent asking for a job in, the completion event out. Read top to bottom,
 * it is the whole flow: request, Job, wait, log, clean-up, reply.
 */
@Component("jobRunner")
class JobRunnerFunction implements Function<CloudEvent, CloudEvent> {

    private final JobRequestParser requests;
    private final SingleFlight singleFlight;
    private final Bulkhead jobsInFlight;
    private final CompletionRecords records;
    private final StorageProperties storage;
    private final JobLauncher launcher;
    private final JobWaits waits;
    private final JobRecorder recorder;
    private final JobCleaner cleaner;
    private final CompletionEvents completions;
    private final JobMetrics metrics;

    JobRunnerFunction(
            JobRequestParser requests,
            SingleFlight singleFlight,
            BulkheadRegistry bulkheads,
            CompletionRecords records,
            StorageProperties storage,
            JobLauncher launcher,
            JobWaits waits,
            JobRecorder recorder,
            JobCleaner cleaner,
            CompletionEvents completions,
            JobMetrics metrics) {
        this.requests = requests;
        this.singleFlight = singleFlight;
        this.jobsInFlight = bulkheads.bulkhead("jobs");
        this.records = records;
        this.storage = storage;
        this.launcher = launcher;
        this.waits = waits;
        this.recorder = recorder;
        this.cleaner = cleaner;
        this.completions = completions;
        this.metrics = metrics;
    }

    @Override
    public CloudEvent apply(CloudEvent event) {
        var request =
                requests.parse(event.getData() == null ? null : event.getData().toBytes());
        var job = JobIdentity.of(request.jobName(), event.getSource().toString(), event.getId());
        // Every line logged for this delivery names its Job and event.
        try (var context = JobLogContext.of(job)) {
            // Duplicates of an event in flight share its run; only distinct Jobs count against the bulkhead.
            return metrics.waiting(() ->
                    singleFlight.run(job.name(), () -> jobsInFlight.executeSupplier(() -> run(request, job))));
        }
    }

    private CloudEvent run(JobRequest request, JobIdentity job) {
        var logObject = storage.logObject(job.name());
        // The stored log is the Job's completion record: a redelivery after completion starts nothing.
        // An object there that does not verify stops the delivery here, before any Job is made.
        var record = records.find(request.outputBucket(), logObject, job);
        record.ifPresent(found -> metrics.answeredFromRecord());
        var log = record.orElseGet(() -> runJob(request, job, logObject));
        cleaner.afterLogStored(job.name(), JobOutcome.fromMetadata(log.metadata()));
        return completions.completed(request, job, launcher.namespace(), log);
    }

    private StoredLog runJob(JobRequest request, JobIdentity job, String logObject) {
        waits.requireReachable();
        // A bucket the store refuses fails the request now, not after the Job has run for nothing.
        records.requireWritableBucket(request.outputBucket());
        var launched = launcher.launch(request, job);
        // Another instance may have stored the record, and its Job been removed, between our look-up
        // and our create: the Job just made would run the event twice. It goes before it runs.
        var storedMeanwhile = records.find(request.outputBucket(), logObject, job);
        if (storedMeanwhile.isPresent()) {
            cleaner.deleteRerun(job.name());
            return storedMeanwhile.get();
        }
        // Its logs followed as it runs, its end awaited, its log stored: the first record stored wins.
        return recorder.record(request.outputBucket(), logObject, job, launched).log();
    }
}
