package dev.jobrunner.wordsearch;

import java.io.IOException;
import java.util.Set;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;

/**
 * Runs storage calls, retrying those that failed for a reason that may pass (network errors,
 * server errors, throttling) and turning every final failure into a {@link JobFailure} that says
 * what was being done.
 */
final class Retrier {

    /** S3 error codes that mean "try again later" even when the status is not 5xx. */
    private static final Set<String> TRANSIENT_CODES =
            Set.of("InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout");

    private final RetryPolicy policy;
    private final Console console;

    Retrier(RetryPolicy policy, Console console) {
        this.policy = policy;
        this.console = console;
    }

    /** A storage call; it may throw whatever the storage client throws. */
    @FunctionalInterface
    interface StorageCall<T> {
        T call() throws Exception;
    }

    /**
     * @param action what the call does, naming bucket and object, such as
     *     "reading object 'a.txt' of bucket 'corpus'"; failures are reported as "{action} failed: ..."
     */
    <T> T call(String action, StorageCall<T> call) {
        for (var attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (Exception failure) {
                var cause = describe(failure);
                if (!isTransient(failure)) {
                    throw new JobFailure(action + " failed: " + cause, failure);
                }
                if (attempt == policy.attempts()) {
                    throw new JobFailure(action + " failed after " + attempt + " attempts: " + cause, failure);
                }
                var delay = policy.delayAfter(attempt);
                console.print(
                        "%s failed (attempt %d of %d: %s), retrying in %d ms",
                        action, attempt, policy.attempts(), cause, delay.toMillis());
                Pause.pause(delay, "before retrying " + action);
            }
        }
    }

    private static boolean isTransient(Exception failure) {
        return switch (failure) {
            case ErrorResponseException error ->
                error.response().code() >= 500
                        || TRANSIENT_CODES.contains(error.errorResponse().code());
            case ServerException error -> error.statusCode() >= 500;
            case IOException networkError -> true;
            default -> false;
        };
    }

    /**
     * Code and message only: the storage client's own toString of an error response carries the
     * request, which names the access key.
     */
    private static String describe(Exception failure) {
        if (failure instanceof ErrorResponseException error) {
            return error.errorResponse().code() + ": " + error.errorResponse().message();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
