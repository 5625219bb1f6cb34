package dev.jobrunner.job;

/**
 * The names Kubernetes and job-runner put on Jobs and their pods, in one place for every package
 * that selects or reads them.
 */
public final class JobConventions {

    /** On every Job and pod job-runner creates; the informers select on it. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

    public static final String MANAGED_BY = "job-runner";

    /** The request's {@code jobName}, on the Job and its pods. */
    public static final String JOB_NAME_LABEL = "jobrunner.dev/job-name";

    /**
     * The Kubernetes Job's name, set on every pod by the Job controller (Kubernetes 1.27 and
     * later, {@code pkg/controller/job/job_controller.go}); not the request's jobName.
     */
    public static final String CONTROLLER_JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

    /**
     * The Job's uid, set on its pods by the Job controller: it tells the pods of a Job from those
     * of an earlier Job of the same name.
     */
    public static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";

    public static final String EVENT_ID_ANNOTATION = "jobrunner.dev/event-id";
    public static final String EVENT_SOURCE_ANNOTATION = "jobrunner.dev/event-source";

    /**
     * The reason the kubelet gives a pod it stopped at its {@code activeDeadlineSeconds}
     * ({@code pkg/kubelet/active_deadline.go}), and the Job controller a Job past its own.
     */
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

    private JobConventions() {}
}
