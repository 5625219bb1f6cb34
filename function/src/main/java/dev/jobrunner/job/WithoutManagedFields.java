package dev.jobrunner.job;

import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

/**
 * An informer's cache that keeps its resources without {@code metadata.managedFields}, which the
 * function never reads. kube-apiserver records field ownership on every object from its creation
 * and for up to ten writers (staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/
 * fieldmanager.go: {@code DefaultTrackOnCreateProbability}, {@code DefaultMaxUpdateManagers}):
 * a Job carries the function's and the Job controller's entries, a pod the Job controller's and
 * the kubelet's, each a tree of every field they set. Both caches hold one of each per waiting
 * delivery, so what they would hold of these grows with the burst. The resource is stripped as it
 * is stored, before the informer's handlers see it, so no copy is made.
 *
 * @param <T> the kind of resource
 */
final class WithoutManagedFields<T extends HasMetadata> implements ItemStore<T> {

    private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    @Override
    public String getKey(T resource) {
        return store.getKey(resource);
    }

    @Override
    public T put(String key, T resource) {
        if (resource.getMetadata() != null) {
            resource.getMetadata().setManagedFields(null);
        }
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
