package dev.jobrunner;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * Runs work for one key at a time: callers that arrive while it runs share its result. Duplicate
 * deliveries of an event in this instance then make one Job wait and one log upload, not many.
 */
@Component
class SingleFlight {

    private final ConcurrentMap<String, CompletableFuture<Object>> running = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <T> T run(String key, Supplier<T> work) {
        var mine = new CompletableFuture<Object>();
        var theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            return (T) join(theirs);
        }
        try {
            T result = work.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    /** Whether work for the key runs now. */
    boolean running(String key) {
        return running.containsKey(key);
    }

    /** The other caller's result, or its exception as it was thrown there. */
    private static Object join(CompletableFuture<Object> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
