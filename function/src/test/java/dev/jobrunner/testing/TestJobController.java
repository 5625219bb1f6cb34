package dev.jobrunner.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import dev.jobrunner.job.JobIdentity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Plays the cluster's part for the tests with the real components' semantics, faster than real
 * time ({@link #secondsAsMillis}: one cluster second is 10 ms of the test's by default):
 *
 * <ul>
 *   <li>the Job controller ({@code pkg/controller/job/job_controller.go}): one pod per attempt up
 *       to {@code backoffLimit}, each retry after a back-off of 10 s doubling; at the Job's
 *       {@code activeDeadlineSeconds}, counted from its {@code status.startTime}, the condition
 *       {@code FailureTarget} then {@code Failed}/{@code DeadlineExceeded}, and its active pods
 *       deleted, their logs with them; {@code SuccessCriteriaMet} before {@code Complete}; pods
 *       refused at admission never exist, only {@code FailedCreate} Events on the Job;
 *   <li>the kubelet ({@code pkg/kubelet/active_deadline.go}, {@code status/status_manager.go}): at
 *       the pod's {@code activeDeadlineSeconds}, counted from its own start, SIGTERM; the pod
 *       stays {@code Running} until its container stops, at the latest after
 *       {@code terminationGracePeriodSeconds} (30 s by default); then {@code Failed} with reason
 *       {@code DeadlineExceeded}, the pod and its log kept; stuck containers reported waiting;
 *   <li>{@code pods/log} as the kubelet serves it ({@link PodLogFile}).
 * </ul>
 */
public class TestJobController implements AutoCloseable {

    /** The node every pod that can be scheduled runs on. */
    public static final String NODE = "node-a";

    private final KubernetesClient client;
    private final Map<String, JobScript> scripts = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    private final SharedIndexInformer<Job> informer;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final PodLogs podLogs;
    private volatile ClusterSettings settings = ClusterSettings.defaults();
    private volatile Function<Job, JobScript> unscripted = job -> JobScript.succeeds("done\n");

    public TestJobController(KubernetesMockServer server, ApiFaults faults) {
        this.client = server.createClient();
        this.podLogs = new PodLogs(() -> settings);
        faults.servePodLogs(podLogs);
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

    /** Jobs whose request names {@code jobName} play {@code script}; others play {@link #unscripted}. */
    public void script(String jobName, JobScript script) {
        scripts.put(jobName, script);
    }

    /** What Jobs that no {@link #script} names do from now on; by default they succeed with a short log. */
    public void unscripted(Function<Job, JobScript> scripts) {
        this.unscripted = scripts;
    }

    /** How the cluster behaves from now on, for the Jobs created after this call. */
    public void settings(ClusterSettings settings) {
        this.settings = settings;
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

    /** The Jobs created for requests named {@code jobName}, as the API server holds them now. */
    public List<Job> jobsFor(String jobName) {
        return client.batch()
                .v1()
                .jobs()
                .withLabel(KubernetesNames.JOB_NAME_LABEL, jobName)
                .list()
                .getItems();
    }

    public List<Pod> podsOf(String kubernetesJobName) {
        return client.pods()
                .withLabel(KubernetesNames.CONTROLLER_JOB_NAME_LABEL, kubernetesJobName)
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
                        .addToLabels(KubernetesNames.MANAGED_BY_LABEL, "job-runner")
                        .addToLabels(KubernetesNames.JOB_NAME_LABEL, jobName)
                        .addToAnnotations("jobrunner.dev/event-id", eventId)
                        .addToAnnotations("jobrunner.dev/event-source", eventSource)
                        .endMetadata()
                        .withNewSpec()
                        .withActiveDeadlineSeconds(300L)
                        .withNewTemplate()
                        .withNewSpec()
                        .withActiveDeadlineSeconds(300L)
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

    /**
     * A Job of another instance that started {@code ranFor} ago and whose first pod failed, with
     * its retry pod just started by the kubelet; the test plays it, no script runs it.
     *
     * @return the names of the first pod and of the retry
     */
    public List<String> retryStartedAfter(String jobName, String eventSource, String eventId, Duration ranFor) {
        script(jobName, JobScript.succeeds("played by the test\n").heldUntil(new CompletableFuture<>()));
        var job = client.batch()
                .v1()
                .jobs()
                .withName(createAsAnotherInstance(jobName, eventSource, eventId))
                .get();
        job.setStatus(new JobStatusBuilder()
                .withStartTime(Instant.now().minus(ranFor).toString())
                .withActive(1)
                .withFailed(1)
                .build());
        client.batch().v1().jobs().resource(job).updateStatus();
        var first = startedPod(
                job, job.getMetadata().getName() + "-first", Instant.now().minus(ranFor));
        var retry = startedPod(job, job.getMetadata().getName() + "-retry", Instant.now());
        return List.of(first, retry);
    }

    private String startedPod(Job job, String name, Instant started) {
        var pod = client.pods()
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels(KubernetesNames.MANAGED_BY_LABEL, "job-runner")
                        .addToLabels(
                                KubernetesNames.CONTROLLER_JOB_NAME_LABEL,
                                job.getMetadata().getName())
                        .addToLabels(
                                KubernetesNames.CONTROLLER_UID_LABEL,
                                job.getMetadata().getUid())
                        .endMetadata()
                        .withSpec(job.getSpec().getTemplate().getSpec())
                        .build())
                .create();
        pod.setStatus(new PodStatusBuilder()
                .withPhase("Pending")
                .withStartTime(started.toString())
                .build());
        client.pods().resource(pod).updateStatus();
        return name;
    }

    public KubernetesClient client() {
        return client;
    }

    /** A cluster duration in the test's real time. */
    Duration real(double clusterSeconds) {
        return Duration.ofNanos((long) (clusterSeconds * settings.secondsAsMillis() * 1_000_000));
    }

    private void run(Job job) {
        var name = job.getMetadata().getName();
        try {
            var script = scripts.get(job.getMetadata().getLabels().get(KubernetesNames.JOB_NAME_LABEL));
            if (script == null) {
                script = unscripted.apply(job);
            }
            script.start().join();
            new JobRun(
                            client,
                            job,
                            script,
                            settings,
                            podLogs,
                            key -> informer.getStore().getByKey(key) != null)
                    .run();
        } catch (RuntimeException e) {
            failures.add(new IllegalStateException("the test cluster could not run Job " + name, e));
        }
    }

    static String now() {
        return Instant.now().toString();
    }

    @Override
    public void close() {
        informer.close();
        runner.shutdownNow();
        client.close();
    }
}
