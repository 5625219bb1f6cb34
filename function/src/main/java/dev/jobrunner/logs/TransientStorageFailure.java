package dev.jobrunner.logs;

import java.io.IOException;
import java.util.Set;
import java.util.function.Predicate;

import dev.jobrunner.guard.Causes;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;

/**
 * Which object-storage failures are worth retrying and count against its circuit breaker: no
 * answer (connection refused, reset, timed out), 5xx, and the S3 codes that mean "try again".
 * A missing bucket or a refused signature would fail the same way again.
 */
public class TransientStorageFailure implements Predicate<Throwable> {

    private static final Set<String> RETRYABLE_CODES =
            Set.of("SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout");

    @Override
    public boolean test(Throwable failure) {
        if (!(failure instanceof LogStorageException)) {
            return false;
        }
        var refused = Causes.find(failure, ErrorResponseException.class);
        if (refused.isPresent()) {
            return refused.get().response().code() >= 500
                    || RETRYABLE_CODES.contains(refused.get().errorResponse().code());
        }
        return Causes.find(failure, IOException.class).isPresent()
                || Causes.find(failure, ServerException.class).isPresent();
    }
}
