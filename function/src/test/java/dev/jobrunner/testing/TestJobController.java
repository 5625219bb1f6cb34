package dev.jobrunner.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.jobrunner.job.JobIdentity;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Plays the cluster's part for the tests, as the Job controller and the kubelet would: for every
 * Job created it makes the pods (labelled as the Job controller labels them), serves their logs,
 * and moves pods and Job to the end its {@link JobScript} says.
 */
public class TestJobController implements AutoCloseable {

    private static final String JOB_NAME_LABEL = "jobrunner.dev/job-name";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Map<String, JobScript> scripts = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    private final SharedIndexInformer<Job> informer;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    public TestJobController(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
        this.informer = client.batch().v1().jobs().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                runner.submit(() -> run(job));
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {}

            @Override
            public void onDelete(Job job, boolean deletedFinalStateUnknown) {}
        });
    }

    /**
     * Fails the test when the test cluster itself went wrong: a test must not pass, or fail for
     * another reason, because the cluster it ran against broke.
     */
    public void verifyNoFailures() {
        if (!failures.isEmpty()) {
            var error =
                    new AssertionError("the test cluster failed " + failures.size() + " time(s)", failures.getFirst());
            failures.clear();
            throw error;
        }
    }

    /** Jobs whose request names {@code jobName} play {@code script}; others succeed with a short log. */
    public void script(String jobName, JobScript script) {
        scripts.put(jobName, script);
    }

    /** The Jobs created for requests named {@code jobName}, as the API server holds them now. */
    public List<Job> jobsFor(String jobName) {
        return client.batch()
                .v1()
                .jobs()
                .withLabel(JOB_NAME_LABEL, jobName)
                .list()
                .getItems();
    }

    public List<Pod> podsOf(String kubernetesJobName) {
        return client.pods()
                .withLabel("batch.kubernetes.io/job-name", kubernetesJobName)
                .list()
                .getItems();
    }

    /**
     * Creates the Job another instance of the function would have created for this event, as
     * that instance's first delivery did; it runs as scripted.
     *
     * @return the Job's name
     */
    public String createAsAnotherInstance(String jobName, String eventSource, String eventId) {
        var name = JobIdentity.of(jobName, eventSource, eventId).name();
        client.batch()
                .v1()
                .jobs()
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("app.kubernetes.io/managed-by", "job-runner")
                        .addToLabels(JOB_NAME_LABEL, jobName)
                        .addToAnnotations("jobrunner.dev/event-id", eventId)
                        .addToAnnotations("jobrunner.dev/event-source", eventSource)
                        .endMetadata()
                        .withNewSpec()
                        .withActiveDeadlineSeconds(300L)
                        .withNewTemplate()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("job")
                        .withImage("registry.example/acme/app:1.0")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        return name;
    }

    public KubernetesClient client() {
        return client;
    }

    private void run(Job job) {
        var name = job.getMetadata().getName();
        var script =
                scripts.getOrDefault(job.getMetadata().getLabels().get(JOB_NAME_LABEL), JobScript.succeeds("done\n"));
        try {
            script.start().join();
            var started = now();
            setStatus(
                    name,
                    new JobStatusBuilder().withStartTime(started).withActive(1).build());
            if (script.ending() == JobScript.Ending.NEVER_STARTS) {
                stuckPod(job, script.podLogs().getFirst());
                return;
            }
            var logs = script.podLogs();
            for (int attempt = 0; attempt < logs.size(); attempt++) {
                var last = attempt == logs.size() - 1;
                var succeeded = last && script.ending() == JobScript.Ending.SUCCEEDS;
                var pastDeadline = last && script.ending() == JobScript.Ending.EXCEEDS_DEADLINE;
                runPod(job, attempt, logs.get(attempt), succeeded, pastDeadline);
            }
            setStatus(name, finalStatus(script, started, logs.size()));
        } catch (Exception e) {
            failures.add(new IllegalStateException("the test cluster could not run Job " + name, e));
        }
    }

    /** A pod that ends; one past its deadline is stopped by the kubelet, which keeps the pod and its log. */
    private void runPod(Job job, int attempt, String log, boolean succeeded, boolean pastDeadline) {
        var pod = createPod(job, attempt);
        server.expect().get().withPath(logPath(pod)).andReturn(200, log).always();
        var container = pod.getSpec().getContainers().getFirst();
        pod.setStatus(new PodStatusBuilder()
                .withPhase(succeeded ? "Succeeded" : "Failed")
                .withReason(pastDeadline ? "DeadlineExceeded" : null)
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(container.getName())
                        .withState(new ContainerStateBuilder()
                                .withNewTerminated()
                                .withExitCode(succeeded ? 0 : 1)
                                .endTerminated()
                                .build())
                        .build())
                .build());
        client.pods().resource(pod).updateStatus();
    }

    /** A pod of the Job, named and labelled as the Job controller would. */
    private Pod createPod(Job job, int attempt) {
        var jobName = job.getMetadata().getName();
        return client.pods()
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(jobName + "-" + attempt + "x" + Long.toString(System.nanoTime() % 100000, 36))
                        .addToLabels("batch.kubernetes.io/job-name", jobName)
                        .addToLabels("job-name", jobName)
                        .addToLabels("app.kubernetes.io/managed-by", "job-runner")
                        .addToLabels(
                                "batch.kubernetes.io/controller-uid",
                                job.getMetadata().getUid())
                        .endMetadata()
                        .withSpec(job.getSpec().getTemplate().getSpec())
                        .build())
                .create();
    }

    private static String logPath(Pod pod) {
        return "/api/v1/namespaces/%s/pods/%s/log?pretty=false&container=%s"
                .formatted(
                        pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(),
                        pod.getSpec().getContainers().getFirst().getName());
    }

    /** A pod the kubelet cannot start: it stays Pending, and asking for its log is a 400, as from a real API server. */
    private void stuckPod(Job job, String waitingReason) {
        var pod = createPod(job, 0);
        server.expect()
                .get()
                .withPath(logPath(pod))
                .andReturn(
                        400,
                        new StatusBuilder()
                                .withCode(400)
                                .withMessage("container \"job\" in pod \""
                                        + pod.getMetadata().getName() + "\" is waiting to start")
                                .build())
                .always();
        pod.setStatus(new PodStatusBuilder()
                .withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("job")
                        .withState(new ContainerStateBuilder()
                                .withNewWaiting()
                                .withReason(waitingReason)
                                .withMessage("Back-off pulling image \""
                                        + job.getSpec()
                                                .getTemplate()
                                                .getSpec()
                                                .getContainers()
                                                .getFirst()
                                                .getImage() + "\"")
                                .endWaiting()
                                .build())
                        .build())
                .build());
        client.pods().resource(pod).updateStatus();
    }

    private static JobStatus finalStatus(JobScript script, String started, int pods) {
        var finished = now();
        var status = new JobStatusBuilder().withStartTime(started).withActive(0);
        return switch (script.ending()) {
            case SUCCEEDS ->
                status.withSucceeded(1)
                        .withFailed(pods - 1)
                        .withCompletionTime(finished)
                        .withConditions(condition(
                                "Complete",
                                "CompletionsReached",
                                "Reached expected number of succeeded pods",
                                finished))
                        .build();
            case FAILS ->
                status.withFailed(pods)
                        .withConditions(condition(
                                "Failed",
                                "BackoffLimitExceeded",
                                "Job has reached the specified backoff limit",
                                finished))
                        .build();
            // The pod's deadline fired first: to the Job controller, its last pod simply failed.
            case EXCEEDS_DEADLINE ->
                status.withFailed(pods)
                        .withConditions(condition(
                                "Failed",
                                "BackoffLimitExceeded",
                                "Job has reached the specified backoff limit",
                                finished))
                        .build();
            case NEVER_STARTS -> throw new IllegalArgumentException("a Job whose pod never starts does not end");
        };
    }

    private static JobCondition condition(String type, String reason, String message, String at) {
        return new JobConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastProbeTime(at)
                .withLastTransitionTime(at)
                .build();
    }

    /** Through the status subresource, as the Job controller writes it; re-read, so no spec change is lost. */
    private void setStatus(String jobName, JobStatus status) {
        var jobs = client.batch().v1().jobs().withName(jobName);
        var current = jobs.get();
        current.setStatus(status);
        client.batch().v1().jobs().resource(current).updateStatus();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        informer.close();
        runner.shutdownNow();
        client.close();
    }
}
