package dev.jobrunner.testing;

/**
 * How the test cluster behaves, switchable per test.
 *
 * @param secondsAsMillis how many real milliseconds one cluster second lasts: deadlines, grace
 *     periods, back-offs and run times pass this much faster than real time
 * @param logRotationBytes the kubelet's {@code containerLogMaxSize}
 * @param followBreaksAtRotation whether a {@code follow=true} read ends at a log rotation while
 *     the container still runs, as reported on Kubernetes 1.29 (kubernetes#126564)
 */
public record ClusterSettings(double secondsAsMillis, int logRotationBytes, boolean followBreaksAtRotation) {

    public static ClusterSettings defaults() {
        return new ClusterSettings(10, 10 * 1024 * 1024, false);
    }

    /** The cluster's seconds are real seconds, as on a real cluster. */
    public ClusterSettings inRealTime() {
        return new ClusterSettings(1000, logRotationBytes, followBreaksAtRotation);
    }

    public ClusterSettings withFollowBreakingAtRotation() {
        return new ClusterSettings(secondsAsMillis, logRotationBytes, true);
    }

    public ClusterSettings withLogRotationAt(int bytes) {
        return new ClusterSettings(secondsAsMillis, bytes, followBreaksAtRotation);
    }
}
