package dev.jobrunner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a job request and waits for its Job's completion record: the record, not the HTTP reply,
 * says that the Job ended, so waiting works the same through a Broker, the function or RabbitMQ.
 * Progress goes to standard error; with {@code --follow} the log goes to standard output.
 */
public final class SubmitAndWait {

    static final int SUCCEEDED = 0;
    static final int FAILED = 1;
    static final int TIMED_OUT = 2;
    static final int ERROR = 3;
    static final int STILL_WAITING = 4;
    static final int USAGE = 64;

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;

    private SubmitAndWait(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.in, System.out, System.err));
    }

    /** @return the exit code */
    static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, env, in);
        } catch (UsageException e) {
            err.println("job-runner-cli: " + e.getMessage());
            err.println("Run job-runner-cli --help for the options.");
            return USAGE;
        }
        if (options == null) {
            out.print(Options.usage());
            return SUCCEEDED;
        }
        try {
            return new SubmitAndWait(options, out, err).submitAndWait();
        } catch (DeliveryRefusedException | StoreUnreadableException e) {
            err.println("job-runner-cli: " + e.getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("job-runner-cli: interrupted");
            return ERROR;
        }
    }

    private int submitAndWait() throws InterruptedException {
        var request = options.request();
        var job = JobNames.kubernetesJobName(request.jobName(), options.eventSource(), options.eventId());
        var object = JobNames.recordObject(options.storage().logPrefix(), job);
        var store = new RecordStore(options.storage());
        Delivery delivery =
                options.rabbitMq() == null ? new HttpDelivery(options.to()) : new RabbitMqDelivery(options.rabbitMq());
        progress(
                "sending event %s (source %s) to %s", options.eventId(), options.eventSource(), delivery.destination());
        var answer = delivery.send(options);
        if (answer.isCompletedExceptionally()) {
            answer(answer);
        }
        progress(
                "Job %s: waiting for its completion record %s/%s at %s",
                job, request.recordBucket(), object, store.endpoint());
        var started = System.nanoTime();
        var nextProgress = started + PROGRESS_EVERY.toNanos();
        var answered = false;
        String lastProblem = null;
        while (true) {
            try {
                var record = store.find(request.recordBucket(), object);
                if (record.isPresent()) {
                    return finish(store, record.get());
                }
            } catch (IOException e) {
                if (!e.getMessage().equals(lastProblem)) {
                    progress("could not reach %s (%s); trying again", store.endpoint(), e.getMessage());
                    lastProblem = e.getMessage();
                }
            }
            if (!answered && answer.isDone()) {
                progress("%s", answer(answer));
                answered = true;
            }
            var now = System.nanoTime();
            if (now - started > options.waitLimit().toNanos()) {
                progress(
                        "no completion record after %d s (--wait); the Job may still be running",
                        options.waitLimit().toSeconds());
                return STILL_WAITING;
            }
            if (now > nextProgress) {
                progress("still waiting, %d s", Duration.ofNanos(now - started).toSeconds());
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            pause(answered ? null : answer);
        }
    }

    /** The delivery's answer; a refusal ends the wait, as no Job will record anything. */
    private static String answer(CompletableFuture<String> answer) throws InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DeliveryRefusedException refused
                    ? refused
                    : new DeliveryRefusedException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** Until the next look, or until the delivery is answered, whichever comes first. */
    private void pause(CompletableFuture<String> answer) throws InterruptedException {
        if (answer == null) {
            Thread.sleep(options.poll().toMillis());
            return;
        }
        try {
            answer.get(options.poll().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Either way, the next round looks at the record and at the answer.
        }
    }

    private int finish(RecordStore store, CompletionRecord record) {
        progress(
                "%s: %s%s",
                record.status(),
                record.reason(),
                record.message().map(m -> " (" + m + ")").orElse(""));
        progress("log: %s/%s, %d bytes, at %s", record.bucket(), record.object(), record.size(), store.endpoint());
        record.incomplete().ifPresent(reason -> progress("the log may not be whole: %s", reason));
        if (options.follow()) {
            try {
                store.copyLog(record, out);
                out.flush();
            } catch (IOException e) {
                progress("could not read the log from %s: %s", store.endpoint(), e.getMessage());
                return ERROR;
            }
        }
        return switch (record.status()) {
            case "succeeded" -> SUCCEEDED;
            case "failed" -> FAILED;
            case "timedout" -> TIMED_OUT;
            default -> ERROR;
        };
    }

    private void progress(String format, Object... arguments) {
        err.println("job-runner-cli: " + format.formatted(arguments));
    }
}
