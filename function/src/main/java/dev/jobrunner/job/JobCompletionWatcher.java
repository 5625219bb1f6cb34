package dev.jobrunner.job;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.jobrunner.JobRunnerProperties;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reports when Jobs finish, from one informer over all the function's Jobs: thousands of waiting
 * requests cost one watch on the API server, not one each.
 */
@Component
public class JobCompletionWatcher
        implements ResourceEventHandler<Job>, SmartLifecycle, InitializingBean, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(JobCompletionWatcher.class);
    private static final Duration FIRST_SYNC_WAIT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final String apiServer;
    private final String namespace;
    private final Duration waitGrace;
    private final ConcurrentMap<String, CompletableFuture<JobOutcome>> waiting = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Job> informer;
    private volatile Throwable lastFailure;
    private volatile CompletionStage<Void> synced = new CompletableFuture<>();
    private boolean startedBefore;

    JobCompletionWatcher(KubernetesClient client, JobRunnerProperties properties) {
        this.client = client;
        this.apiServer = client.getMasterUrl().toString();
        this.namespace = client.getNamespace();
        this.waitGrace = properties.job().waitGrace();
        this.informer = newInformer();
    }

    /** An informer runs once; after a stop, a start needs a new one. */
    private SharedIndexInformer<Job> newInformer() {
        var jobs = client.batch()
                .v1()
                .jobs()
                .withLabel(JobTemplate.MANAGED_BY_LABEL, JobTemplate.MANAGED_BY)
                .runnableInformer(0);
        jobs.addEventHandler(this);
        // Keep trying while the cluster is out of reach, instead of giving up after one attempt.
        jobs.exceptionHandler((started, failure) -> {
            if (lastFailure == null) {
                logger.warn(
                        "Kubernetes API at {} is not reachable ({}); deliveries get 503 until it is",
                        apiServer,
                        ClusterUnavailableException.rootMessage(failure));
            }
            lastFailure = failure;
            return true;
        });
        return jobs;
    }

    /**
     * Waits until the cluster reports the Job finished, at most until its deadline plus the
     * configured grace: past that, the outcome is a timeout that job-runner must end itself.
     */
    public JobOutcome awaitFinish(Job job) {
        var name = job.getMetadata().getName();
        var limit = waitLimit(job);
        var future = waiting.computeIfAbsent(name, n -> new CompletableFuture<>());
        try {
            // A Job that finished before we started listening (a redelivery) is already in the cache.
            var cached = informer.getStore().getByKey(Cache.metaNamespaceKeyFunc(job));
            if (cached != null) {
                JobOutcome.of(cached).ifPresent(future::complete);
            }
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return JobOutcome.waitLimitExceeded(job, limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Job " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for Job " + name, e.getCause());
        } finally {
            waiting.remove(name, future);
        }
    }

    /** The time left until the Job's deadline plus grace, counted from its creation. */
    private Duration waitLimit(Job job) {
        var created = Instant.parse(job.getMetadata().getCreationTimestamp());
        var deadline =
                created.plusSeconds(job.getSpec().getActiveDeadlineSeconds()).plus(waitGrace);
        var left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Waits a moment for the first listing of Jobs if it is still under way (a delivery right
     * after start-up), but not when the API server has already failed to answer.
     *
     * @throws ClusterUnavailableException unless the informer has listed the Jobs at least once
     */
    public void requireReachable() {
        if (!informer.hasSynced() && lastFailure == null) {
            try {
                synced.toCompletableFuture().get(FIRST_SYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
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

    /** Whether the informer has listed the Jobs at least once: the function can serve. */
    public boolean isSynced() {
        return informer.hasSynced();
    }

    /** Whether the watch is open right now; it reopens by itself after a drop. */
    public boolean isWatching() {
        return informer.isWatching();
    }

    public String apiServer() {
        return apiServer;
    }

    /**
     * Ends the wait for a Job the cluster will not finish soon, such as one whose pod cannot
     * start: its awaiting delivery gets this outcome now instead of at the deadline.
     */
    void giveUp(String jobName, JobOutcome outcome) {
        var future = waiting.get(jobName);
        if (future != null && future.complete(outcome)) {
            logger.info("Gave up waiting for Job {}: {} ({})", jobName, outcome.reason(), outcome.message());
        }
    }

    /** The Job as this instance last saw it, if it is one of ours. */
    Job cached(String namespace, String jobName) {
        return informer.getStore().getByKey(namespace + "/" + jobName);
    }

    @Override
    public void onAdd(Job job) {
        report(job);
    }

    @Override
    public void onUpdate(Job oldJob, Job job) {
        report(job);
    }

    @Override
    public void onDelete(Job job, boolean finalStateUnknown) {
        var future = waiting.get(job.getMetadata().getName());
        if (future != null) {
            future.complete(JobOutcome.of(job).orElseGet(() -> JobOutcome.deleted(job)));
        }
    }

    private void report(Job job) {
        var future = waiting.get(job.getMetadata().getName());
        if (future != null) {
            JobOutcome.of(job).ifPresent(future::complete);
        }
    }

    @Override
    public synchronized void start() {
        if (startedBefore) {
            informer = newInformer();
        }
        startedBefore = true;
        logger.info("Listing Jobs at {} in namespace {}", apiServer, namespace);
        synced = informer.start();
        synced.whenComplete((ignored, failure) -> {
            if (failure == null) {
                lastFailure = null;
                logger.info("Watching Jobs at {} in namespace {}", apiServer, namespace);
            }
        });
    }

    /**
     * Starts the first listing of Jobs as soon as this bean exists, while the rest of the context
     * is still being created: readiness waits for that listing, so it now overlaps start-up instead
     * of following it (about a tenth of a cold start against a local API server, more over TLS to
     * a real one). The context's lifecycle start then finds the informer running and leaves it.
     */
    @Override
    public void afterPropertiesSet() {
        start();
    }

    /** Stops the informer started early if the context fails before its lifecycle began. */
    @Override
    public void destroy() {
        if (isRunning()) {
            stop();
        }
    }

    /** Runs after graceful shutdown: deliveries still waiting are cut off anyway, and are redelivered. */
    @Override
    public synchronized void stop() {
        informer.stop();
        var shuttingDown = new IllegalStateException("stopped watching Jobs: this instance is shutting down");
        waiting.values().forEach(future -> future.completeExceptionally(shuttingDown));
    }

    @Override
    public boolean isRunning() {
        return informer.isRunning();
    }

    /**
     * Starts before the web server takes requests and stops only after graceful shutdown has let
     * the requests in flight finish: they are waiting on this informer.
     */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }
}
