package dev.jobrunner.logs;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobrunner.job.JobConventions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The spooled logs of one Job's pods while this instance awaits it. Pods are the Job's by its
 * {@code controller-uid}, not only its name: a Job deleted and created again under the same name
 * has other pods. Closing it ends the following and deletes the spool.
 */
public final class FollowedJob implements AutoCloseable {

    private final Job job;
    private final Path directory;
    private final Runnable unregister;
    private final String container;
    private final Map<String, PodLogSpool> spools = new ConcurrentHashMap<>();

    FollowedJob(Job job, Path directory, Runnable unregister) {
        this.job = job;
        this.directory = directory;
        this.unregister = unregister;
        this.container =
                job.getSpec().getTemplate().getSpec().getContainers().getFirst().getName();
    }

    Job job() {
        return job;
    }

    /** The Job's own container: sidecar injectors put theirs first, so it is named, not first. */
    String container() {
        return container;
    }

    boolean owns(Pod pod) {
        var labels = pod.getMetadata().getLabels();
        return labels != null && job.getMetadata().getUid().equals(labels.get(JobConventions.CONTROLLER_UID_LABEL));
    }

    /** A new spool for a pod not followed yet; empty if it is already followed. */
    Optional<PodLogSpool> spoolFor(Pod pod) {
        var name = pod.getMetadata().getName();
        var created = new PodLogSpool[1];
        spools.computeIfAbsent(
                name,
                n -> created[0] =
                        new PodLogSpool(pod.getMetadata().getNamespace(), n, container, directory.resolve(n + ".log")));
        return Optional.ofNullable(created[0]);
    }

    /** The spool of a pod, followed or not. */
    PodLogSpool spool(Pod pod) {
        var name = pod.getMetadata().getName();
        return spools.computeIfAbsent(
                name,
                n -> new PodLogSpool(pod.getMetadata().getNamespace(), n, container, directory.resolve(n + ".log")));
    }

    boolean followed(Pod pod) {
        return spools.containsKey(pod.getMetadata().getName());
    }

    List<PodLogSpool> spools() {
        return spools.values().stream()
                .sorted(Comparator.comparing(PodLogSpool::pod))
                .toList();
    }

    @Override
    public void close() {
        unregister.run();
        spools.values().forEach(PodLogSpool::delete);
        directory.toFile().delete();
    }
}
