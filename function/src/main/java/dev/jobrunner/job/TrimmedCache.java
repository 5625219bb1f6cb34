package dev.jobrunner.job;

import java.util.function.Consumer;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

/**
 * An informer's cache that keeps of each resource only what the function reads
 * ({@link KeptFields}). Both caches hold a Job and a pod per waiting delivery, and every update
 * replaces the copy cached before: what a copy carries beyond that is held as long as the wait
 * and then left to the collector, so it grows with the burst twice over. The resource is trimmed
 * as it is stored, before the informer's handlers see it, so no copy is made.
 *
 * @param <T> the kind of resource
 */
final class TrimmedCache<T extends HasMetadata> implements ItemStore<T> {

    private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
    private final Consumer<T> trim;

    TrimmedCache(Consumer<T> trim) {
        this.trim = trim;
    }

    @Override
    public String getKey(T resource) {
        return store.getKey(resource);
    }

    @Override
    public T put(String key, T resource) {
        trim.accept(resource);
        return store.put(key, resource);
    }

    @Override
    public T remove(String key) {
        return store.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return store.keySet();
    }

    @Override
    public Stream<T> values() {
        return store.values();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public T get(String key) {
        return store.get(key);
    }
}
