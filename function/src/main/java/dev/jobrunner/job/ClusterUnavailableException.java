package dev.jobrunner.job;

import org.springframework.core.NestedExceptionUtils;

/** The Kubernetes API has not been reached since start-up: no Job can be started or awaited. */
public class ClusterUnavailableException extends RuntimeException {

    public ClusterUnavailableException(String apiServer, Throwable lastFailure) {
        super("the Kubernetes API at " + apiServer + " has not been reachable since start-up"
                + (lastFailure == null ? "" : ": " + rootMessage(lastFailure)));
    }

    static String rootMessage(Throwable failure) {
        var root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
