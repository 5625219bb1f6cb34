package dev.jobrunner.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Job controller and the kubelet: each Job created gets a pod whose container runs at
 * once, its log followed by the function while it runs, and after {@code runTime} the container
 * ends with a one-line log and the Job completes, as on a cluster. Its own calls are bounded, so the mock server's work stays that of the function.
 */
final class JobController implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(JobController.class);

    private final ContainerLogs logs;
    private final KubernetesClient client;
    private final Duration runTime;
    private final String log;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final Semaphore callsAtOnce = new Semaphore(32);
    private final AtomicInteger failures = new AtomicInteger();
    private final SharedIndexInformer<Job> informer;

    JobController(KubernetesMockServer server, ContainerLogs logs, Duration runTime) {
        this(server, logs, runTime, "ran for " + runTime.toSeconds() + " s\n");
    }

    /** @param log what every pod writes */
    JobController(KubernetesMockServer server, ContainerLogs logs, Duration runTime, String log) {
        this.logs = logs;
        this.runTime = runTime;
        this.log = log;
        this.client = server.createClient(builder -> builder.editOrNewConfig()
                .withUserAgent(ApiServer.CONTROLLER_AGENT)
                .endConfig());
        this.informer = client.batch().v1().jobs().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                Thread.startVirtualThread(() -> start(job));
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {}

            @Override
            public void onDelete(Job job, boolean deletedFinalStateUnknown) {}
        });
    }

    /** The Jobs the API server holds. */
    int jobs() {
        return client.batch().v1().jobs().list().getItems().size();
    }

    /** How often playing the cluster went wrong; a benchmark with failures here measured nothing. */
    int failures() {
        return failures.get();
    }

    private void start(Job job) {
        try {
            var started = now();
            var running = pod(job, started);
            // Before the pod exists: the function may ask for its log as soon as its watch sees it.
            logs.started(running.getMetadata().getName(), log, runTime);
            var pod = call(() -> client.pods().resource(running).create());
            call(() -> setStatus(
                    job.getMetadata().getName(),
                    new JobStatusBuilder().withStartTime(started).withActive(1).build()));
            clock.schedule(
                    () -> Thread.startVirtualThread(() -> finish(job, pod, started)),
                    runTime.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            failed(job, e);
        }
    }

    private void finish(Job job, Pod pod, String started) {
        try {
            var finished = now();
            pod.setStatus(new PodStatusBuilder()
                    .withPhase("Succeeded")
                    .withContainerStatuses(new ContainerStatusBuilder()
                            .withName("job")
                            .withState(new ContainerStateBuilder()
                                    .withNewTerminated()
                                    .withExitCode(0)
                                    .withStartedAt(started)
                                    .withFinishedAt(finished)
                                    .endTerminated()
                                    .build())
                            .build())
                    .build());
            call(() -> client.pods().resource(pod).updateStatus());
            call(() -> setStatus(
                    job.getMetadata().getName(),
                    new JobStatusBuilder()
                            .withStartTime(started)
                            .withCompletionTime(finished)
                            .withActive(0)
                            .withSucceeded(1)
                            .withConditions(new JobConditionBuilder()
                                    .withType("Complete")
                                    .withStatus("True")
                                    .withReason("CompletionsReached")
                                    .withMessage("Reached expected number of succeeded pods")
                                    .withLastProbeTime(finished)
                                    .withLastTransitionTime(finished)
                                    .build())
                            .build()));
        } catch (RuntimeException e) {
            failed(job, e);
        }
    }

    /** Named and labelled as the Job controller names and labels a Job's pod; its container runs. */
    private static Pod pod(Job job, String started) {
        var name = job.getMetadata().getName();
        return new PodBuilder()
                .withNewMetadata()
                .withName(name + "-x0")
                .withNamespace(job.getMetadata().getNamespace())
                .addToLabels("batch.kubernetes.io/job-name", name)
                .addToLabels("job-name", name)
                .addToLabels("app.kubernetes.io/managed-by", "job-runner")
                .addToLabels(
                        "batch.kubernetes.io/controller-uid", job.getMetadata().getUid())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withStatus(new PodStatusBuilder()
                        .withPhase("Running")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("job")
                                .withState(new ContainerStateBuilder()
                                        .withNewRunning()
                                        .withStartedAt(started)
                                        .endRunning()
                                        .build())
                                .build())
                        .build())
                .build();
    }

    /** Through the status subresource, on the Job as stored now. */
    private Job setStatus(String jobName, JobStatus status) {
        var current = client.batch().v1().jobs().withName(jobName).get();
        current.setStatus(status);
        return client.batch().v1().jobs().resource(current).updateStatus();
    }

    private <T> T call(Supplier<T> call) {
        callsAtOnce.acquireUninterruptibly();
        try {
            return call.get();
        } finally {
            callsAtOnce.release();
        }
    }

    private void failed(Job job, RuntimeException e) {
        failures.incrementAndGet();
        logger.warn("Could not play Job {}: {}", job.getMetadata().getName(), e.toString());
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        informer.close();
        clock.shutdownNow();
        client.close();
    }
}
