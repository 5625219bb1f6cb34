package dev.jobrunner.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the test cluster does with a Job: the log each of its pods writes, how the Job ends, and
 * optionally a moment it waits for before it starts.
 *
 * @param podLogs the log of each pod, oldest first; the last pod decides the Job's fate
 * @param ending how the Job ends
 * @param start completes when the Job may run; a test holds a Job running with it
 */
public record JobScript(List<String> podLogs, Ending ending, CompletableFuture<?> start) {

    public enum Ending {
        SUCCEEDS,
        FAILS,
        EXCEEDS_DEADLINE,
        /** The pod's container never starts; the podLogs entry is the kubelet's waiting reason. */
        NEVER_STARTS
    }

    public static JobScript succeeds(String log) {
        return new JobScript(List.of(log), Ending.SUCCEEDS, CompletableFuture.completedFuture(null));
    }

    /** One pod per log, each failing: more than one is a Job whose request asked for retries. */
    public static JobScript fails(String... podLogs) {
        return new JobScript(List.of(podLogs), Ending.FAILS, CompletableFuture.completedFuture(null));
    }

    /** The pod outlives its deadline: the kubelet stops it and keeps its log so far. */
    public static JobScript exceedsDeadline(String log) {
        return new JobScript(List.of(log), Ending.EXCEEDS_DEADLINE, CompletableFuture.completedFuture(null));
    }

    /** A pod stuck before its container starts, as with an image that cannot be pulled. */
    public static JobScript neverStarts(String waitingReason) {
        return new JobScript(List.of(waitingReason), Ending.NEVER_STARTS, CompletableFuture.completedFuture(null));
    }

    /** The same script, started only once {@code start} completes. */
    public JobScript heldUntil(CompletableFuture<?> start) {
        return new JobScript(podLogs, ending, start);
    }
}
