package dev.jobrunner.job;

import java.io.IOException;
import java.util.function.Predicate;

import dev.jobrunner.guard.Causes;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Which Kubernetes API failures are worth retrying and count against its circuit breaker: no
 * answer at all, 429 and 5xx. A 4xx is an answer about the request itself (409 Conflict is
 * handled where it means "already exists") and would fail the same way again.
 */
public class TransientClusterFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof KubernetesClientException e) {
            var code = e.getCode();
            return code == 429
                    || code >= 500
                    || (code <= 0 && Causes.find(e, IOException.class).isPresent());
        }
        return Causes.find(failure, IOException.class).isPresent();
    }
}
