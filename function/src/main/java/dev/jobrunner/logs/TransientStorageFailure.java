package dev.jobrunner.logs;

import java.io.IOException;
import java.util.Set;
import java.util.function.Predicate;

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
        for (var cause = failure.getCause();
                cause != null;
                cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException || cause instanceof ServerException) {
                return true;
            }
            if (cause instanceof ErrorResponseException e) {
                return e.response().code() >= 500
                        || RETRYABLE_CODES.contains(e.errorResponse().code());
            }
        }
        return false;
    }
}
