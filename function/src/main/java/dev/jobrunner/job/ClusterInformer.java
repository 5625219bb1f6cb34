package dev.jobrunner.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * One informer over the function's own resources of a kind (Jobs, pods): a cache of what the
 * cluster holds, kept current by one watch, however many deliveries wait. It starts before the
 * web server takes requests, stops only after graceful shutdown has let the requests in flight
 * finish, and keeps retrying while the cluster is out of reach.
 *
 * @param <T> the kind of resource
 */
public final class ClusterInformer<T extends HasMetadata> implements SmartLifecycle, InitializingBean, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(ClusterInformer.class);

    private final String kind;
    private final String apiServer;
    private final SharedIndexInformer<T> informer;
    private volatile Throwable lastFailure;
    private final CompletableFuture<Void> firstSync = new CompletableFuture<>();
    private boolean started;

    ClusterInformer(String kind, String apiServer, SharedIndexInformer<T> informer) {
        this.kind = kind;
        this.apiServer = apiServer;
        this.informer = informer;
        informer.exceptionHandler((started, failure) -> {
            if (lastFailure == null) {
                logger.warn(
                        "Kubernetes API at {} is not reachable for {} ({}); retrying",
                        apiServer,
                        kind,
                        ClusterUnavailableException.rootMessage(failure));
            }
            lastFailure = failure;
            return true;
        });
    }

    /**
     * A handler added after the informer started is told of every resource already in its cache
     * first (fabric8's {@code SharedProcessor}), so none misses the first listing.
     */
    public void addHandler(ResourceEventHandler<T> handler) {
        informer.addEventHandler(handler);
    }

    /**
     * Calls {@code changed} for every resource added or updated (each resync too, so a resource
     * that stays the same is seen again), and {@code removed} for every one deleted.
     */
    public void onChange(Consumer<T> changed, Consumer<T> removed) {
        addHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T resource) {
                changed.accept(resource);
            }

            @Override
            public void onUpdate(T oldResource, T resource) {
                changed.accept(resource);
            }

            @Override
            public void onDelete(T resource, boolean finalStateUnknown) {
                removed.accept(resource);
            }
        });
    }

    /**
     * Waits up to {@code limit} for the first listing if it is still under way (a delivery right
     * after start-up), but not when the API server has already failed to answer.
     *
     * @throws ClusterUnavailableException unless the resources have been listed at least once
     */
    void requireSynced(Duration limit) {
        if (!informer.hasSynced() && lastFailure == null) {
            try {
                firstSync.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Reported below, as the cluster being out of reach.
            }
        }
        if (!informer.hasSynced()) {
            throw new ClusterUnavailableException(apiServer, lastFailure);
        }
    }

    /** The resource as this instance last saw it. */
    public Optional<T> cached(String namespace, String name) {
        return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
    }

    /** The resource as this instance last saw it, if it is still the one with this uid. */
    public Optional<T> cached(String namespace, String name, String uid) {
        return cached(namespace, name)
                .filter(resource -> uid.equals(resource.getMetadata().getUid()));
    }

    /**
     * Keeps the cache indexed by a label's value, for {@link #withLabel}. Only before the informer
     * starts (fabric8 refuses indexers after).
     */
    void indexLabel(String label) {
        informer.addIndexers(Map.of(label, resource -> {
            var labels = resource.getMetadata().getLabels();
            var value = labels == null ? null : labels.get(label);
            return value == null ? List.of() : List.of(value);
        }));
    }

    /** Every cached resource whose label has this value, looked up in its {@link #indexLabel index}. */
    public List<T> withLabel(String label, String value) {
        return informer.getIndexer().byIndex(label, value);
    }

    /** What it informs about, as its log lines name it: {@code Jobs} or {@code pods}. */
    public String kind() {
        return kind;
    }

    /** Whether the resources have been listed at least once: the cache can be trusted. */
    public boolean isSynced() {
        return informer.hasSynced();
    }

    /** Whether the watch is open right now; it reopens by itself after a drop. */
    public boolean isWatching() {
        return informer.isWatching();
    }

    /**
     * Starts the first listing as soon as the informer exists, while the rest of the context is
     * still being created: readiness waits for that listing, so it overlaps start-up instead of
     * following it (about a tenth of a cold start against a local API server, measured by
     * benchmarks/cold-start). The lifecycle's start then finds it running.
     */
    @Override
    public void afterPropertiesSet() {
        start();
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        logger.info("Listing {} at {}", kind, apiServer);
        informer.start().whenComplete((ignored, failure) -> {
            if (failure == null) {
                lastFailure = null;
                logger.info("Watching {} at {}", kind, apiServer);
                firstSync.complete(null);
            }
        });
    }

    @Override
    public void stop() {
        informer.stop();
    }

    /** Stops an informer started early when the context fails before its lifecycle began. */
    @Override
    public void destroy() {
        if (isRunning()) {
            stop();
        }
    }

    @Override
    public boolean isRunning() {
        return informer.isRunning();
    }

    /** Before the web server starts and after it has drained: the deliveries in flight wait on this. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }
}
