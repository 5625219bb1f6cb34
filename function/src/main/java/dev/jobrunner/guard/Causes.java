package dev.jobrunner.guard;

import java.util.Optional;

/** Looks through a failure's causes, as libraries wrap what went wrong underneath them. */
public final class Causes {

    private Causes() {}

    /** The failure itself or its nearest cause of this type. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}
