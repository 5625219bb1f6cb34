package dev.jobrunner.testing;

/** The labels the test cluster reads and writes, as the real components name them. */
final class KubernetesNames {

    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String JOB_NAME_LABEL = "jobrunner.dev/job-name";
    // Set by the Job controller on every pod (pkg/controller/job/job_controller.go, 1.27+).
    static final String CONTROLLER_JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";

    private KubernetesNames() {}
}
