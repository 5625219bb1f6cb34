package dev.jobrunner.job;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

import dev.jobrunner.guard.Causes;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * How the Kubernetes API fails, or asks to slow down. A failure worth retrying, and counted
 * against its circuit breaker, is no answer at all or a 5xx. A 429 is the API server's
 * back-pressure (max-in-flight or API Priority and Fairness): the call is sent again after the
 * time it names, and the breaker never counts it. Any other 4xx is an answer about the request
 * itself (409 Conflict is handled where it means "already exists") and would fail the same way
 * again.
 */
public class TransientClusterFailure implements Predicate<Throwable> {

    /**
     * What kube-apiserver's max-in-flight and API Priority and Fairness filters send when they
     * turn a request away: {@code Retry-After: 1} with a plain-text body, no Status
     * (staging/src/k8s.io/apiserver/pkg/server/filters/maxinflight.go, {@code tooManyRequests},
     * also used by priority-and-fairness.go).
     */
    private static final Duration API_SERVER_RETRY_AFTER = Duration.ofSeconds(1);

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof KubernetesClientException e) {
            var code = e.getCode();
            return code >= 500
                    || (code <= 0 && Causes.find(e, IOException.class).isPresent());
        }
        return Causes.find(failure, IOException.class).isPresent();
    }

    /**
     * The wait a 429 asks for. fabric8 7.8.0 keeps only the response's Status, not its headers
     * (OperationSupport.createStatus and requestFailure), so a {@code Retry-After} header is out
     * of reach. A Status with {@code details.retryAfterSeconds}, as the API server's own
     * {@code NewTooManyRequests} errors carry (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go),
     * is honoured; anything else waits what the API server's filters ask for.
     */
    public static Optional<Duration> retryAfter(Throwable failure) {
        return Causes.find(failure, KubernetesClientException.class)
                .filter(e -> e.getCode() == 429)
                .map(e -> Optional.ofNullable(e.getStatus())
                        .map(status -> status.getDetails())
                        .map(details -> details.getRetryAfterSeconds())
                        .filter(seconds -> seconds > 0)
                        .map(Duration::ofSeconds)
                        .orElse(API_SERVER_RETRY_AFTER));
    }
}
