package dev.jobrunner.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.jobrunner.guard.Guard;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Spots Jobs whose pods are refused at admission (a full ResourceQuota, a LimitRange, PodSecurity,
 * a webhook): no pod ever exists, and only the Job controller's {@code FailedCreate} Events on the
 * Job say why ({@code pkg/controller/job/job_controller.go}, {@code manageJob}). Past the start
 * grace, the Job's wait ends as failed with that Event's message instead of lasting until the
 * deadline.
 */
@Component
class PodlessJobs implements ResourceEventHandler<Job>, DisposableBean {

    private static final String FAILED_CREATE = "FailedCreate";

    private final KubernetesClient client;
    private final Guard guard;
    private final ClusterInformer<Job> jobs;
    private final ClusterInformer<Pod> pods;
    private final JobWaits waits;
    private final Duration startGrace;
    private final Clock clock;
    private final ScheduledExecutorService checks =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private final ConcurrentMap<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();

    PodlessJobs(
            KubernetesClient client,
            @Qualifier("kubernetesGuard") Guard guard,
            ClusterInformer<Job> jobInformer,
            ClusterInformer<Pod> podInformer,
            JobWaits waits,
            JobProperties properties,
            Clock clock) {
        this.client = client;
        this.guard = guard;
        this.jobs = jobInformer;
        this.pods = podInformer;
        this.waits = waits;
        this.startGrace = properties.startGrace();
        this.clock = clock;
        jobInformer.addHandler(this);
    }

    @Override
    public void onAdd(Job job) {
        if (JobOutcome.of(job).isEmpty()) {
            var created = Instant.parse(job.getMetadata().getCreationTimestamp());
            var delay = Duration.between(clock.instant(), created.plus(startGrace));
            schedule(job, delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    @Override
    public void onUpdate(Job oldJob, Job job) {
        if (JobOutcome.of(job).isPresent()) {
            cancel(job);
        }
    }

    @Override
    public void onDelete(Job job, boolean finalStateUnknown) {
        cancel(job);
    }

    /**
     * The check finds the Job in the cache by name when it runs: holding the object seen now would
     * keep a second copy of every awaited Job, with its pod template, until its start grace ends.
     */
    private void schedule(Job job, Duration delay) {
        var namespace = job.getMetadata().getNamespace();
        var name = job.getMetadata().getName();
        var uid = job.getMetadata().getUid();
        scheduled.put(uid, checks.schedule(() -> check(namespace, name, uid), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void cancel(Job job) {
        var check = scheduled.remove(job.getMetadata().getUid());
        if (check != null) {
            check.cancel(false);
        }
    }

    /** A Job with a pod is past admission; one without is checked again until it has one or ends. */
    private void check(String namespace, String name, String uid) {
        var job = jobs.cached(namespace, name, uid);
        if (job.isEmpty()) {
            // Deleted meanwhile: its wait has ended already.
            scheduled.remove(uid);
            return;
        }
        try {
            checkOnce(job.get());
        } catch (RuntimeException e) {
            // The API server is failing; the Job's deadline still ends it if this never recovers.
            schedule(job.get(), startGrace.dividedBy(2));
        }
    }

    private void checkOnce(Job job) {
        var uid = job.getMetadata().getUid();
        if (!pods.withLabel(JobConventions.CONTROLLER_UID_LABEL, uid).isEmpty()) {
            scheduled.remove(uid);
            return;
        }
        var refusal = guard
                .call(() -> client.v1()
                        .events()
                        .inNamespace(job.getMetadata().getNamespace())
                        .list()
                        .getItems())
                .stream()
                .filter(event -> FAILED_CREATE.equals(event.getReason())
                        && event.getInvolvedObject() != null
                        && uid.equals(event.getInvolvedObject().getUid()))
                .max(Comparator.comparing(PodlessJobs::lastSeen));
        if (refusal.isPresent()) {
            scheduled.remove(uid);
            waits.giveUp(
                    job,
                    JobOutcome.unstartable(job, FAILED_CREATE, refusal.get().getMessage()));
        } else {
            schedule(job, startGrace.dividedBy(2));
        }
    }

    private static String lastSeen(Event event) {
        return event.getLastTimestamp() == null ? "" : event.getLastTimestamp();
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }
}
