package dev.jobrunner.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * One Job played through as the Job controller and the kubelet play it; see
 * {@link TestJobController} for the semantics and where they come from.
 */
final class JobRun {

    // pkg/controller/job/job_controller.go: DefaultJobPodFailureBackOff, doubled per failure.
    private static final double FIRST_BACKOFF_SECONDS = 10;
    // corev1.DefaultTerminationGracePeriodSeconds.
    private static final long DEFAULT_GRACE_SECONDS = 30;
    // A container that honours SIGTERM takes this long to exit.
    private static final double SIGTERM_EXIT_SECONDS = 1;
    // The kubelet accepts a pod and pulls its image before the container runs.
    private static final double CONTAINER_START_SECONDS = 5;
    private static final int DEFAULT_BACKOFF_LIMIT = 6;

    private final KubernetesClient client;
    private final Job job;
    private final JobScript script;
    private final ClusterSettings settings;
    private final PodLogs logs;
    private final Predicate<String> jobExists;
    private final String name;
    private final List<JobCondition> conditions = new ArrayList<>();
    private long startNanos;
    private Instant startTime;
    private int failed;

    JobRun(
            KubernetesClient client,
            Job job,
            JobScript script,
            ClusterSettings settings,
            PodLogs logs,
            Predicate<String> jobExists) {
        this.client = client;
        this.jobExists = jobExists;
        this.job = job;
        this.script = script;
        this.settings = settings;
        this.logs = logs;
        this.name = job.getMetadata().getName();
    }

    /** How a pod ended. */
    private enum PodEnd {
        SUCCEEDED,
        FAILED,
        /** Stopped by the kubelet at its own deadline; kept, with its log. */
        POD_DEADLINE,
        /** Deleted by the Job controller at the Job's deadline, its log with it. */
        JOB_DEADLINE,
        /** The Job is gone: the garbage collector removed the pod. */
        JOB_DELETED
    }

    void run() {
        startNanos = System.nanoTime();
        startTime = Instant.now();
        status(0, null);
        if (script.refusedAtAdmission() != null) {
            refusedAtAdmission();
            return;
        }
        var attempts = script.attempts();
        var limit = job.getSpec().getBackoffLimit() == null
                ? DEFAULT_BACKOFF_LIMIT
                : job.getSpec().getBackoffLimit();
        for (int attempt = 0; attempt < attempts.size() && attempt <= limit; attempt++) {
            if (attempt > 0 && !sleepUntil(backoff(attempt))) {
                return;
            }
            if (pastJobDeadline()) {
                finish("FailureTarget", "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
                return;
            }
            var end = runPod(attempt, attempts.get(attempt));
            switch (end) {
                case SUCCEEDED -> {
                    finish(
                            "SuccessCriteriaMet",
                            "Complete",
                            "CompletionsReached",
                            "Reached expected number of succeeded pods");
                    return;
                }
                case FAILED, POD_DEADLINE -> failed++;
                case JOB_DEADLINE -> {
                    failed++;
                    finish(
                            "FailureTarget",
                            "Failed",
                            "DeadlineExceeded",
                            "Job was active longer than specified deadline");
                    return;
                }
                case JOB_DELETED -> {
                    return;
                }
            }
        }
        finish("FailureTarget", "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    }

    private long backoff(int attempt) {
        var seconds = FIRST_BACKOFF_SECONDS * Math.pow(2, attempt - 1);
        return System.nanoTime() + nanos(seconds);
    }

    /** No pod ever exists: only Events say why, until the Job's deadline fails it. */
    private void refusedAtAdmission() {
        client.v1()
                .events()
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(name + "." + UUID.randomUUID())
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withKind("Job")
                        .withApiVersion("batch/v1")
                        .withName(name)
                        .withNamespace(job.getMetadata().getNamespace())
                        .withUid(job.getMetadata().getUid())
                        .endInvolvedObject()
                        .withType("Warning")
                        .withReason("FailedCreate")
                        .withMessage("Error creating: pods \"" + name + "-x7k2q\" is forbidden: "
                                + script.refusedAtAdmission())
                        .withFirstTimestamp(TestJobController.now())
                        .withLastTimestamp(TestJobController.now())
                        .withCount(1)
                        .build())
                .create();
        if (sleepUntil(jobDeadlineNanos())) {
            finish("FailureTarget", "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
        }
    }

    private PodEnd runPod(int attempt, JobScript.Attempt script) {
        var pod = createPod(attempt, !"Unschedulable".equals(script.waitingReason()));
        status(1, null);
        var podName = pod.getMetadata().getName();
        var container = pod.getSpec().getContainers().getFirst().getName();
        logs.waiting(podName, container, "ContainerCreating");
        if ("Unschedulable".equals(script.waitingReason())) {
            updatePod(podName, unschedulable());
            return awaitJobDeadline(podName);
        }
        var podStart = System.nanoTime();
        var podStartTime = TestJobController.now();
        if (script.waitingReason() != null) {
            logs.waiting(podName, container, script.waitingReason());
            updatePod(podName, waiting(podStartTime, container, script.waitingReason()));
            var podDeadline = podDeadlineNanos(podName, podStart);
            if (podDeadline < jobDeadlineNanos()) {
                if (!sleepUntil(podDeadline)) {
                    return deleted(podName);
                }
                var stopped = waiting(podStartTime, container, script.waitingReason());
                stopped.setPhase("Failed");
                stopped.setReason("DeadlineExceeded");
                stopped.setMessage("Pod was active on the node longer than the specified deadline");
                updatePod(podName, stopped);
                return PodEnd.POD_DEADLINE;
            }
            return awaitJobDeadline(podName);
        }
        updatePod(
                podName,
                new PodStatusBuilder()
                        .withPhase("Pending")
                        .withStartTime(podStartTime)
                        .build());
        if (!sleepUntil(podStart + nanos(CONTAINER_START_SECONDS))) {
            return deleted(podName);
        }
        var runStart = System.nanoTime();
        var startedAt = TestJobController.now();
        var plan = plan(podName, podStart, runStart, script);
        var file = new PodLogFile(script.log(), runStart, nanos(script.writeSeconds()), settings.logRotationBytes());
        file.stop(plan.stopNanos());
        logs.started(podName, container, file);
        updatePod(podName, running(podStartTime, container, startedAt));
        if (plan.end() == PodEnd.JOB_DEADLINE) {
            if (!sleepUntil(jobDeadlineNanos())) {
                return deleted(podName);
            }
            condition("FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline");
            status(1, null);
        }
        if (!sleepUntil(plan.stopNanos())) {
            return deleted(podName);
        }
        if (plan.end() == PodEnd.JOB_DEADLINE) {
            return deleted(podName) == PodEnd.JOB_DELETED ? PodEnd.JOB_DELETED : PodEnd.JOB_DEADLINE;
        }
        var exit = plan.end() == PodEnd.POD_DEADLINE ? (script.ignoresSigterm() ? 137 : 143) : script.exitCode();
        var terminated = terminated(podStartTime, container, startedAt, exit);
        if (plan.end() == PodEnd.POD_DEADLINE) {
            terminated.setPhase("Failed");
            terminated.setReason("DeadlineExceeded");
            terminated.setMessage("Pod was active on the node longer than the specified deadline");
        }
        updatePod(podName, terminated);
        return plan.end() == PodEnd.POD_DEADLINE ? PodEnd.POD_DEADLINE : exit == 0 ? PodEnd.SUCCEEDED : PodEnd.FAILED;
    }

    /** When and why the container stops, from its own run time and both deadlines as they stand. */
    private Plan plan(String podName, long podStart, long runStart, JobScript.Attempt script) {
        var natural = Double.isInfinite(script.runSeconds()) ? Long.MAX_VALUE : runStart + nanos(script.runSeconds());
        var podDeadline = podDeadlineNanos(podName, podStart);
        var jobDeadline = jobDeadlineNanos();
        var stopping = nanos(script.ignoresSigterm() ? graceSeconds(podName) : SIGTERM_EXIT_SECONDS);
        if (natural <= Math.min(podDeadline, jobDeadline)) {
            return new Plan(natural, script.exitCode() == 0 ? PodEnd.SUCCEEDED : PodEnd.FAILED);
        }
        if (podDeadline <= jobDeadline) {
            return new Plan(Math.min(natural, podDeadline + stopping), PodEnd.POD_DEADLINE);
        }
        return new Plan(Math.min(natural, jobDeadline + stopping), PodEnd.JOB_DEADLINE);
    }

    private record Plan(long stopNanos, PodEnd end) {}

    private PodEnd awaitJobDeadline(String podName) {
        if (!sleepUntil(jobDeadlineNanos())) {
            return deleted(podName);
        }
        deleted(podName);
        return PodEnd.JOB_DEADLINE;
    }

    /** Removes the pod and its log, as the Job controller or the garbage collector would. */
    private PodEnd deleted(String podName) {
        logs.deleted(podName);
        try {
            client.pods()
                    .inNamespace(job.getMetadata().getNamespace())
                    .withName(podName)
                    .delete();
        } catch (KubernetesClientException e) {
            // Gone already.
        }
        return jobExists() ? PodEnd.JOB_DEADLINE : PodEnd.JOB_DELETED;
    }

    /**
     * Sleeps in the cluster's time until {@code until}; false when the Job was deleted meanwhile
     * (the function gave it up), which ends the run.
     */
    private boolean sleepUntil(long until) {
        try {
            while (true) {
                if (!jobExists()) {
                    return false;
                }
                var left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 50)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean pastJobDeadline() {
        return System.nanoTime() >= jobDeadlineNanos();
    }

    private long jobDeadlineNanos() {
        var seconds = job.getSpec().getActiveDeadlineSeconds();
        return seconds == null ? Long.MAX_VALUE : startNanos + nanos(seconds);
    }

    /** The pod's deadline as its spec says now: the function may have lowered it. */
    private long podDeadlineNanos(String podName, long podStart) {
        var pod = client.pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(podName)
                .get();
        var seconds = pod == null ? null : pod.getSpec().getActiveDeadlineSeconds();
        return seconds == null ? Long.MAX_VALUE : podStart + nanos(seconds);
    }

    private long graceSeconds(String podName) {
        var pod = client.pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(podName)
                .get();
        var grace = pod == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
        return grace == null ? DEFAULT_GRACE_SECONDS : grace;
    }

    private long nanos(double clusterSeconds) {
        return (long) (clusterSeconds * settings.secondsAsMillis() * 1_000_000);
    }

    private boolean jobExists() {
        return jobExists.test(job.getMetadata().getNamespace() + "/" + name);
    }

    /**
     * A pod of the Job, named and labelled as the Job controller names and labels it, and bound
     * to a node at once when it can be scheduled (the scheduler's binding sets {@code nodeName}:
     * pkg/scheduler/framework/plugins/defaultbinder/default_binder.go).
     */
    private Pod createPod(int attempt, boolean schedulable) {
        var template = job.getSpec().getTemplate();
        return client.pods()
                .inNamespace(job.getMetadata().getNamespace())
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name + "-" + attempt + "x" + Long.toString(System.nanoTime() % 100_000, 36))
                        .withLabels(
                                template.getMetadata() == null
                                        ? null
                                        : template.getMetadata().getLabels())
                        .addToLabels(KubernetesNames.CONTROLLER_JOB_NAME_LABEL, name)
                        .addToLabels("job-name", name)
                        .addToLabels(
                                KubernetesNames.CONTROLLER_UID_LABEL,
                                job.getMetadata().getUid())
                        .endMetadata()
                        .withSpec(template.getSpec())
                        .editSpec()
                        .withNodeName(schedulable ? TestJobController.NODE : null)
                        .endSpec()
                        .build())
                .create();
    }

    private void updatePod(String podName, PodStatus status) {
        var pods = client.pods().inNamespace(job.getMetadata().getNamespace()).withName(podName);
        var pod = pods.get();
        if (pod != null) {
            pod.setStatus(status);
            client.pods().resource(pod).updateStatus();
        }
    }

    private static PodStatus unschedulable() {
        return new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(new PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("False")
                        .withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 3 Insufficient cpu.")
                        .withLastTransitionTime(TestJobController.now())
                        .build())
                .build();
    }

    private PodStatus waiting(String startTime, String container, String reason) {
        var image =
                job.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
        return new PodStatusBuilder()
                .withPhase("Pending")
                .withStartTime(startTime)
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(container)
                        .withImage(image)
                        .withReady(false)
                        .withState(new ContainerStateBuilder()
                                .withNewWaiting()
                                .withReason(reason)
                                .withMessage(
                                        reason.contains("Image")
                                                ? "Back-off pulling image \"" + image + "\""
                                                : "the container could not be started: " + reason)
                                .endWaiting()
                                .build())
                        .build())
                .build();
    }

    private static PodStatus running(String startTime, String container, String startedAt) {
        return new PodStatusBuilder()
                .withPhase("Running")
                .withStartTime(startTime)
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(container)
                        .withReady(true)
                        .withStarted(true)
                        .withState(new ContainerStateBuilder()
                                .withNewRunning()
                                .withStartedAt(startedAt)
                                .endRunning()
                                .build())
                        .build())
                .build();
    }

    private static PodStatus terminated(String startTime, String container, String startedAt, int exitCode) {
        return new PodStatusBuilder()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withStartTime(startTime)
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(container)
                        .withReady(false)
                        .withState(new ContainerStateBuilder()
                                .withNewTerminated()
                                .withExitCode(exitCode)
                                .withReason(exitCode == 0 ? "Completed" : "Error")
                                .withStartedAt(startedAt)
                                .withFinishedAt(TestJobController.now())
                                .endTerminated()
                                .build())
                        .build())
                .build();
    }

    private void finish(String interim, String type, String reason, String message) {
        // Kubernetes 1.31+: the interim condition first, the terminal one once no pod is running.
        condition(interim, reason, message);
        status(0, null);
        condition(type, reason, message);
        status(0, "Complete".equals(type) ? TestJobController.now() : null);
    }

    private void condition(String type, String reason, String message) {
        var at = TestJobController.now();
        conditions.add(new JobConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastProbeTime(at)
                .withLastTransitionTime(at)
                .build());
    }

    /** Through the status subresource, as the Job controller writes it; re-read, so no spec change is lost. */
    private void status(int active, String completionTime) {
        var jobs = client.batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(name);
        var current = jobs.get();
        if (current == null) {
            return;
        }
        var succeeded = conditions.stream().anyMatch(c -> c.getType().equals("Complete")) ? 1 : 0;
        current.setStatus(new JobStatusBuilder()
                .withStartTime(startTime.toString())
                .withActive(active)
                .withFailed(failed)
                .withSucceeded(succeeded)
                .withCompletionTime(completionTime)
                .withConditions(List.copyOf(conditions))
                .build());
        client.batch().v1().jobs().resource(current).updateStatus();
    }
}
