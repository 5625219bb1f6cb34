package dev.jobrunner.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.jobrunner.guard.Causes;
import dev.jobrunner.guard.Guard;
import dev.jobrunner.job.ClusterInformer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's log in a file of its own, followed while the container runs. The kubelet serves only
 * the current log file and rotates it at {@code containerLogMaxSize}; a follow is meant to stream
 * across rotations (kubernetes#115701) but has been seen to end at one while the container ran
 * (kubernetes#126564). So a follow that ends while the pod still runs is resumed, and what the
 * resumed follow replays is dropped ({@link ReplaySkippingOutputStream}).
 */
final class PodLogSpool {

    private static final Logger logger = LoggerFactory.getLogger(PodLogSpool.class);
    private static final int MAX_RESUMES = 1000;
    private static final Duration STATUS_POLL = Duration.ofMillis(50);
    private static final Duration RESUME_BACKOFF = Duration.ofMillis(200);
    private static final int FOLLOW_BUFFER = 2048;

    private final String namespace;
    private final String pod;
    private final String container;
    private final Path file;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile String incomplete;

    PodLogSpool(String namespace, String pod, String container, Path file) {
        this.namespace = namespace;
        this.pod = pod;
        this.container = container;
        this.file = file;
    }

    String pod() {
        return pod;
    }

    /** Why the log may not be whole, if it may not be. */
    Optional<String> incomplete() {
        return Optional.ofNullable(incomplete);
    }

    /** Completes when the follow has reached the end of the log. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** The spool file; it may not exist yet, for a log with nothing written. */
    Path file() {
        return file;
    }

    long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    InputStream open() throws IOException {
        return Files.exists(file) ? Files.newInputStream(file) : InputStream.nullInputStream();
    }

    /** Follows the log until the container stops or the pod is gone; runs on its own thread. */
    void follow(KubernetesClient client, ClusterInformer<Pod> pods, Duration statusLag) {
        try {
            long replayStart = -1;
            for (int follows = 0; follows <= MAX_RESUMES; follows++) {
                var spool = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                var out = replayStart < 0 ? spool : new ReplaySkippingOutputStream(spool, file, replayStart);
                var before = size();
                var failure = followOnce(client, out);
                if (out instanceof ReplaySkippingOutputStream replay) {
                    replayStart = replay.nextReplayStart();
                } else {
                    replayStart = before;
                }
                if (failure.isPresent() && gone(failure.get())) {
                    // A follow is opened while the pod runs, and resumed only after a failure: a 404
                    // then means its log went with it, unread from where the spool ends.
                    incomplete = "pod " + pod + " was deleted before its log could be followed to its end";
                    return;
                }
                if (failure.isPresent()) {
                    // The request failed (the API server, the network): try again, the replay is dropped.
                    logger.info(
                            "The log follow of pod {} failed ({}); resuming it",
                            pod,
                            failure.get().getMessage());
                    Thread.sleep(RESUME_BACKOFF);
                    continue;
                }
                if (stopped(pods, statusLag)) {
                    return;
                }
                logger.info("The log follow of pod {} ended while its container runs; resuming it", pod);
            }
            incomplete = "the log follow of pod " + pod + " broke more than " + MAX_RESUMES + " times";
        } catch (IOException e) {
            incomplete = "the log of pod " + pod + " could not be spooled: " + e.getMessage();
        } catch (RuntimeException e) {
            logger.warn("Could not follow the log of pod {}", pod, e);
            incomplete = "the log of pod " + pod + " could not be followed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            incomplete = "the log follow of pod " + pod + " was interrupted";
        } finally {
            done.complete(null);
        }
    }

    /** @return why the follow ended, if it ended with an error */
    private Optional<Throwable> followOnce(KubernetesClient client, OutputStream out) {
        try (out;
                var log = PodLogRequest.open(client, namespace, pod, container, true)) {
            copy(log, out);
            return Optional.empty();
        } catch (IOException | KubernetesClientException e) {
            return Optional.of(e);
        }
    }

    /**
     * Copies a follow into the spool through a buffer of {@link #FOLLOW_BUFFER} bytes. A follow
     * spends nearly all its time blocked in {@code read}, holding its buffer, for as long as its
     * container runs: with {@code transferTo}'s 16 KiB and an 8 KiB {@code BufferedOutputStream},
     * 24 KiB, most of what a follow cost (per waiting delivery 214 KiB live before, 171-186 KiB
     * after this and two other cuts, at 1,000 followed pods, benchmarks/). A small buffer costs
     * only more, smaller reads and writes while a container logs fast; waiting, which is what a
     * follow mostly does, costs the same.
     */
    private static void copy(InputStream log, OutputStream out) throws IOException {
        var buffer = new byte[FOLLOW_BUFFER];
        for (int read; (read = log.read(buffer)) >= 0; ) {
            out.write(buffer, 0, read);
        }
    }

    /** A 404: the pod was deleted (the Job's deadline, or a clean-up), its log with it. */
    private boolean gone(Throwable failure) {
        return Causes.find(failure, KubernetesClientException.class)
                .map(e -> e.getCode() == 404)
                .orElse(false);
    }

    /** Whether the pod says, within the status lag, that its container stopped or it is gone. */
    private boolean stopped(ClusterInformer<Pod> pods, Duration statusLag) {
        var until = System.nanoTime() + statusLag.toNanos();
        do {
            var current = pods.cached(namespace, pod);
            if (current.isEmpty()
                    || ContainerStatus.of(current.get(), container).stopped()) {
                return true;
            }
            try {
                Thread.sleep(STATUS_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        } while (System.nanoTime() < until);
        return false;
    }

    /**
     * Reads the log of a pod whose container had ended before it could be followed: only the
     * kubelet's current file is left, so a log this long may have lost its beginning.
     */
    void readAfterTheFact(KubernetesClient client, Guard guard, long rotationSize, boolean mayHaveRotated) {
        try {
            // A transient failure, or a read that hangs, is retried from the start of the file.
            guard.run(() -> copyCurrentFile(client));
            if (mayHaveRotated) {
                // Rotated files are not served (kubernetes#59902), and nothing tells whether the container
                // wrote enough to rotate: a log read only now may have lost its beginning.
                incomplete = "the log of pod " + pod + " was read only after its container ended; the kubelet"
                        + " serves just its current log file, so if it wrote more than "
                        + rotationSize / (1024 * 1024) + " MiB, earlier output may be missing";
            }
        } catch (KubernetesClientException e) {
            var reason = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
            if (e.getCode() == 400) {
                // The container never started: there is no log, which is not a cut one.
                note("===== job-runner: no log for pod " + pod + ": " + reason + " =====\n");
                return;
            }
            incomplete = e.getCode() == 404
                    ? "pod " + pod + " was deleted before its log could be read"
                    : "the log of pod " + pod + " could not be read: " + reason;
            return;
        } catch (UncheckedIOException e) {
            incomplete = "the log of pod " + pod + " could not be spooled: " + e.getMessage();
            return;
        } finally {
            done.complete(null);
        }
    }

    private void copyCurrentFile(KubernetesClient client) {
        try (var log = PodLogRequest.open(client, namespace, pod, container, false);
                var spool = Files.newOutputStream(file)) {
            log.transferTo(spool);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void note(String line) {
        try {
            Files.writeString(file, line);
        } catch (IOException e) {
            incomplete = "the log of pod " + pod + " could not be spooled: " + e.getMessage();
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            logger.warn("Could not delete the spooled log {}: {}", file, e.getMessage());
        }
    }
}
