package dev.jobrunner.logs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.jobrunner.job.JobPods;
import io.fabric8.kubernetes.api.model.Pod;
import org.springframework.stereotype.Component;

/**
 * The log of a finished Job: the spooled logs of all its pods, oldest first, as one stream. A Job
 * with one pod yields exactly that pod's log; with several (retries), a line naming each pod
 * precedes its log. Pods that were not followed are read as the cluster has left them.
 */
@Component
public class PodLogs {

    private final JobPods pods;
    private final LogFollower follower;

    PodLogs(JobPods pods, LogFollower follower) {
        this.pods = pods;
        this.follower = follower;
    }

    /** Waits for the follows to reach the end of their logs, and reads what was not followed. */
    public CollectedLog collect(FollowedJob followed) {
        var jobName = followed.job().getMetadata().getName();
        var jobPods = pods.of(jobName).stream().filter(followed::owns).toList();
        var parts = new ArrayList<Part>();
        var incomplete = new ArrayList<String>();
        for (var pod : jobPods) {
            var spool = followed.followed(pod) ? followed.spool(pod) : readAfterTheFact(followed, pod);
            awaitEnd(spool).ifPresent(incomplete::add);
            spool.incomplete().ifPresent(incomplete::add);
            parts.add(new Part(jobPods.size() == 1 ? null : header(pod), spool));
        }
        // A pod deleted with its Job before it was listed here was still followed.
        for (var spool : followed.spools()) {
            if (parts.stream().noneMatch(part -> part.spool() == spool)) {
                awaitEnd(spool).ifPresent(incomplete::add);
                spool.incomplete().ifPresent(incomplete::add);
                parts.add(new Part("===== pod " + spool.pod() + " (deleted) =====\n", spool));
            }
        }
        if (parts.isEmpty()) {
            return CollectedLog.of("===== job-runner: Job " + jobName + " has no pods, so there is no log =====\n");
        }
        return new CollectedLog(List.copyOf(parts), String.join("; ", incomplete));
    }

    private PodLogSpool readAfterTheFact(FollowedJob followed, Pod pod) {
        var spool = followed.spool(pod);
        follower.readAfterTheFact(spool, pod, followed.container());
        return spool;
    }

    private Optional<String> awaitEnd(PodLogSpool spool) {
        var limit = follower.settings().drainTimeout();
        try {
            spool.done().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of(
                    "the log follow of pod " + spool.pod() + " did not end within " + limit + " of the Job's end");
        } catch (ExecutionException e) {
            return Optional.of("the log of pod " + spool.pod() + " could not be followed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while collecting the log of pod " + spool.pod(), e);
        }
    }

    private static String header(Pod pod) {
        var phase = pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? "Unknown"
                : pod.getStatus().getPhase();
        return "===== pod " + pod.getMetadata().getName() + " (" + phase + ") =====\n";
    }

    /**
     * @param header the line before the pod's log, or {@code null}
     * @param spool the pod's log
     */
    record Part(String header, PodLogSpool spool) {}

    /**
     * A Job's whole log, ready to store.
     *
     * @param parts its pods' logs, oldest first
     * @param incomplete why it may not be whole; empty when it is
     */
    public record CollectedLog(List<Part> parts, String incomplete) {

        static CollectedLog of(String text) {
            return new CollectedLog(List.of(new Part(text, null)), "");
        }

        public boolean complete() {
            return incomplete.isEmpty();
        }

        /** Whether the log is whole, as S3 user metadata stored with it. */
        public Map<String, String> toMetadata() {
            return complete() ? Map.of() : StoredLog.incompleteMetadata(incomplete);
        }

        /** Opens the log from its start; called again for each upload attempt. */
        public InputStream open() {
            var streams = new ArrayList<InputStream>();
            try {
                for (var part : parts) {
                    if (part.header() != null) {
                        streams.add(new ByteArrayInputStream(part.header().getBytes(StandardCharsets.UTF_8)));
                    }
                    if (part.spool() != null) {
                        streams.add(part.spool().open());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a spooled log", e);
            }
            return new SequenceInputStream(Collections.enumeration(streams));
        }
    }
}
