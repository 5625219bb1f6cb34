package dev.jobrunner.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the test cluster does with a Job: one {@link Attempt} per pod the Job controller creates,
 * oldest first, or a refusal at admission so no pod is ever created; optionally a moment it
 * waits for before it starts. Durations are in the cluster's seconds, which
 * {@link TestJobController} runs faster than real time.
 *
 * @param attempts the pods, oldest first; past the Job's backoffLimit no further pod is made
 * @param refusedAtAdmission when not {@code null}, every pod is refused with this message, as
 *     a ResourceQuota or an admission webhook refuses it
 * @param start completes when the Job may run; a test holds a Job running with it
 */
public record JobScript(List<Attempt> attempts, String refusedAtAdmission, CompletableFuture<?> start) {

    /** Forever, for a container that never ends by itself. */
    public static final double FOREVER = Double.POSITIVE_INFINITY;

    /**
     * One pod.
     *
     * @param log what the container writes, spread evenly over {@code writeSeconds}
     * @param writeSeconds how long writing the log takes; 0 writes it at once
     * @param runSeconds how long the container runs before it exits by itself
     * @param exitCode its exit code when it does
     * @param ignoresSigterm whether it runs on after SIGTERM until killed at the end of the grace
     * @param waitingReason when not {@code null}, the container never starts: the kubelet reports
     *     it waiting with this reason ({@code Unschedulable}: the pod is never scheduled)
     */
    public record Attempt(
            byte[] log,
            double writeSeconds,
            double runSeconds,
            int exitCode,
            boolean ignoresSigterm,
            String waitingReason) {

        static Attempt of(String log, int exitCode) {
            return new Attempt(log.getBytes(StandardCharsets.UTF_8), 0, 0.1, exitCode, false, null);
        }
    }

    public static JobScript succeeds(String log) {
        return of(Attempt.of(log, 0));
    }

    /** One pod per log, each failing: more than one is a Job whose request asked for retries. */
    public static JobScript fails(String... podLogs) {
        var attempts = new ArrayList<Attempt>();
        for (var log : podLogs) {
            attempts.add(Attempt.of(log, 1));
        }
        return new JobScript(attempts, null, CompletableFuture.completedFuture(null));
    }

    /** The pod writes its log and runs on: only a deadline stops it. */
    public static JobScript exceedsDeadline(String log) {
        var attempt = Attempt.of(log, 0);
        return of(new Attempt(attempt.log(), 0, FOREVER, 0, false, null));
    }

    /** A pod stuck before its container starts, as with an image that cannot be pulled. */
    public static JobScript neverStarts(String waitingReason) {
        return of(new Attempt(new byte[0], 0, 0, 0, false, waitingReason));
    }

    /** No pod is ever created: admission refuses each one with {@code message}. */
    public static JobScript refusedAtAdmission(String message) {
        return new JobScript(List.of(), message, CompletableFuture.completedFuture(null));
    }

    /** A pod that writes {@code log} over {@code seconds} and then succeeds. */
    public static JobScript writes(byte[] log, double seconds) {
        return of(new Attempt(log, seconds, seconds, 0, false, null));
    }

    private static JobScript of(Attempt attempt) {
        return new JobScript(List.of(attempt), null, CompletableFuture.completedFuture(null));
    }

    /** Every pod of the script runs on after SIGTERM until the kubelet kills it. */
    public JobScript ignoringSigterm() {
        return new JobScript(
                attempts.stream()
                        .map(a -> new Attempt(
                                a.log(), a.writeSeconds(), a.runSeconds(), a.exitCode(), true, a.waitingReason()))
                        .toList(),
                refusedAtAdmission,
                start);
    }

    /** The same script, started only once {@code start} completes. */
    public JobScript heldUntil(CompletableFuture<?> start) {
        return new JobScript(attempts, refusedAtAdmission, start);
    }
}
