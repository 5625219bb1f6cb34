package dev.jobrunner.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobrunner.guard.Guard;
import dev.jobrunner.guard.Guards;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Kubernetes clients and the {@link Guard} their calls go through, as an auto-configuration
 * so that it is decided after all other configuration: a client defined elsewhere (a test's mock
 * API server) replaces the main one reliably, and the log-stream client follows it.
 *
 * <p>How the calls reach the API server, decided from measurements against fabric8's mock API
 * server, which like kube-apiserver allows 100 concurrent HTTP/2 streams per connection
 * (staging/src/k8s.io/apiserver/pkg/server/secure_serving.go, since kubernetes#121120); the probe
 * is benchmarks/.../StreamLimitProbe. The JDK HTTP client fabric8 uses here puts every call on one
 * HTTP/2 connection and fails a call past the server's limit ({@code IOException: too many
 * concurrent streams}) rather than opening a second connection: of 1,000 creates at once, 105-137
 * succeeded. With at most 64 in flight, all 1,000 succeeded on that one connection in 1.0-2.7 s,
 * against 1.7-1.9 s over HTTP/1.1 with 64 connections (and unbounded HTTP/1.1 opened over 900).
 * Either is far faster than the rate limit lets calls go (100 a second), so speed decides nothing;
 * connections do: HTTP/2 makes one, one TLS handshake however large the burst, as client-go does.
 * So the main client keeps HTTP/2, and the {@code kubernetes} bulkhead guarantees the stream limit:
 *
 * <ul>
 *   <li>every call of the main client goes through the {@code kubernetes} Guard, at most 64 at once
 *       (a bulkhead, application.yaml), except the informers' listings, one each for Jobs and
 *       pods when they (re)list, and a non-follow log's body, still streaming after its guarded
 *       open returned (at most one per upload, 4 at once): 64 + 2 + 4 stays below 100;
 *   <li>watches take no stream: fabric8 watches over WebSockets, and the JDK client opens each
 *       WebSocket on a connection of its own (HTTP/1.1 upgrade). The two informers hold the only
 *       lasting two;
 *   <li>log follows, one long-lived request per running pod, possibly a thousand at once, must not
 *       share the main connection: they would take its streams for as long as their Jobs run.
 *       They go through the {@code logStreams} client, with HTTP/2 disabled, one HTTP/1.1
 *       connection per follow. kube-apiserver counts {@code log} as a long-running subresource
 *       (pkg/controlplane/apiserver/config.go passes it to {@code BasicLongRunningRequestCheck},
 *       staging/src/k8s.io/apiserver/pkg/server/filters/longrunning.go), which the max-in-flight
 *       and Priority and Fairness filters let through without a seat
 *       (filters/maxinflight.go, filters/priority-and-fairness.go): follows cost connections, not
 *       request capacity, and are not guarded.
 * </ul>
 */
@AutoConfiguration
public class KubernetesClientAutoConfiguration {

    /**
     * The client for the current kubeconfig context, or the in-cluster service account, bound to
     * the namespace the Jobs run in.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(KubernetesProperties properties) {
        // One retry layer, resilience4j's, configured and observable; not the client's own as well.
        var config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0);
        if (properties.namespace() != null && !properties.namespace().isBlank()) {
            config.withNamespace(properties.namespace());
        }
        return new KubernetesClientBuilder()
                .withConfig(config.build())
                .withKubernetesSerialization(serialization())
                .build();
    }

    /**
     * fabric8's JSON mapping, with Jackson's buffers pooled rather than kept per thread. Jackson 2
     * keeps them in a {@code ThreadLocal} by default, for a thread's next call; every delivery is
     * a virtual thread of its own that makes its API calls and then waits for its Job, so each
     * held one set that no call would ever reuse, for as long as its Job ran (one
     * {@code BufferRecycler} per waiting delivery, measured by benchmarks/ at 1,000).
     */
    private static KubernetesSerialization serialization() {
        var json = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
        return new KubernetesSerialization(new ObjectMapper(json), true);
    }

    /**
     * The client for long-lived log follows: the main client's cluster, credentials, namespace and
     * settings, over HTTP/1.1, so each follow has a connection of its own and none holds one of the
     * main connection's streams. Injected only where asked for by name.
     */
    @Bean(destroyMethod = "close", defaultCandidate = false)
    @Qualifier("logStreams")
    KubernetesClient logStreamsKubernetesClient(KubernetesClient kubernetesClient) {
        var config = new ConfigBuilder(kubernetesClient.getConfiguration())
                .withHttp2Disable(true)
                .build();
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(kubernetesClient.getKubernetesSerialization())
                .build();
    }

    /** The API server's 429s are back-pressure: waited out as it asks, never held against it. */
    @Bean
    Guard kubernetesGuard(Guards guards) {
        return guards.guard("kubernetes", TransientClusterFailure::retryAfter);
    }
}
