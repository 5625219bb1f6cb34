package dev.jobrunner.deploy;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.jobrunner.job.JobIdentity;
import dev.jobrunner.testing.ApiFaults;
import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.TestJobController;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The running function against what the manifests promise about it: the Role grants exactly the
 * Kubernetes API calls it makes, and the chain example's transform turns its real completion event
 * into a request it accepts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({KubernetesTestCluster.class, S3TestStorage.class, DeployedFunctionIntegrationTests.LateClock.class})
class DeployedFunctionIntegrationTests {

    /**
     * The function's clock runs 208 s ahead: a one-minute Job (deadline 60 s + 30 s margin, then
     * the 2 min wait grace) is given up 2 s after creation, so the abandoned-Job path (delete) runs.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class LateClock {

        @Bean
        @Primary
        Clock lateClock() {
            return Clock.offset(Clock.systemUTC(), Duration.ofSeconds(208));
        }
    }

    private static final String IMAGE = "ghcr.io/your-org/test-job-image:0.1.0";
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    KubernetesMockServer server;

    @Autowired
    TestJobController cluster;

    @AfterEach
    void clusterRanAsScripted() {
        cluster.verifyNoFailures();
    }

    @Test
    @DisplayName("The Role grants exactly the API calls the function makes for succeeded, adopted and abandoned Jobs")
    void roleGrantsExactlyTheCallsTheFunctionMakes() throws Exception {
        // Given: the function at work on every path that reaches the API server
        var deliveries = new Deliveries(port);
        var succeeded = deliveries.binary("evt-rbac-succeeded", request("rbac-succeeded", 5));
        createdByAnotherInstance("rbac-adopted", "evt-rbac-adopted");
        var adopted = deliveries.binary("evt-rbac-adopted", request("rbac-adopted", 5));
        cluster.script("rbac-abandoned", JobScript.succeeds("never runs\n").heldUntil(new CompletableFuture<>()));
        var abandoned = deliveries.binary("evt-rbac-abandoned", request("rbac-abandoned", 1));
        var retry = cluster.retryStartedAfter(
                        "rbac-retried", Deliveries.SOURCE, "evt-rbac-retried", Duration.ofSeconds(250))
                .get(1);
        await().until(() ->
                cluster.client().pods().withName(retry).get().getSpec().getActiveDeadlineSeconds() < 300);
        assertThat(succeeded.statusCode()).as(succeeded.body()).isEqualTo(200);
        assertThat(adopted.statusCode()).as(adopted.body()).isEqualTo(200);
        assertThat(abandoned.statusCode()).as(abandoned.body()).isEqualTo(200);
        assertThat(header(abandoned, "ce-jobstatus"))
                .as("given up and deleted by the function")
                .isEqualTo("timedout");

        // When
        var calls = callsMadeByTheFunction();

        // Then
        var role = Manifests.of("knative/base").get("Role", "job-runner");
        assertThat(calls).as("recorded calls of the function").isEqualTo(grantedBy(role));
    }

    @Test
    @DisplayName(
            "The chain transform turns the function's real stage-one completion into one stage-two Job, also when redelivered")
    void chainTransformStartsStageTwoOnce() throws Exception {
        // Given: stage one has succeeded, and its completion passes the chain Trigger's filter
        var deliveries = new Deliveries(port);
        var stageOne = deliveries.binary("evt-chain-one", """
                {"image":"%s","jobName":"chain-stage-one","timeOut":5,"inputBucket":"corpus",\
                "outputBucket":"chain-stage-one","env":{"SEARCH_WORD":"error"}}""".formatted(IMAGE));
        assertThat(stageOne.statusCode()).as(stageOne.body()).isEqualTo(200);
        var completion = structured(stageOne);
        var trigger = Manifests.of("eventing/chain").get("Trigger", "chain-stage-one-succeeded");
        assertThat(passes(trigger, completion))
                .as("chain Trigger filter on %s", completion)
                .isTrue();

        // When: the transform's output reaches the function, twice
        var request = ChainTransform.fromManifests().apply(completion);
        var first = deliveries.post("application/cloudevents+json", json.writeValueAsString(request));
        var redelivered = deliveries.post("application/cloudevents+json", json.writeValueAsString(request));

        // Then
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(header(first, "ce-jobname")).isEqualTo("chain-stage-two");
        assertThat(header(redelivered, "ce-subject")).isEqualTo(header(first, "ce-subject"));
        var jobs = cluster.jobsFor("chain-stage-two");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.getFirst()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getEnv())
                .extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("INPUT_BUCKET", "chain-stage-one"));
        assertThat(passes(trigger, structured(first)))
                .as("stage two's completion must not restart the chain")
                .isFalse();
    }

    /** A Job for this event exists before the function sees the event, as when another instance took it first. */
    private void createdByAnotherInstance(String jobName, String eventId) {
        var identity = JobIdentity.of(jobName, Deliveries.SOURCE, eventId);
        cluster.client()
                .batch()
                .v1()
                .jobs()
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName(identity.name())
                        .addToLabels("app.kubernetes.io/managed-by", "job-runner")
                        .addToLabels("jobrunner.dev/job-name", jobName)
                        .addToAnnotations("jobrunner.dev/event-id", eventId)
                        .addToAnnotations("jobrunner.dev/event-source", Deliveries.SOURCE)
                        .endMetadata()
                        .withNewSpec()
                        .withActiveDeadlineSeconds(300L)
                        .withNewTemplate()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("job")
                        .withImage(IMAGE)
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    /**
     * Every request the application's client sent since the server started, as RBAC classifies it;
     * the test's own clients (Job controller, set-up) have another user agent.
     */
    private Set<ApiCall> callsMadeByTheFunction() throws InterruptedException {
        var calls = new HashSet<ApiCall>();
        for (var recorded = server.takeRequest(1, TimeUnit.SECONDS);
                recorded != null;
                recorded = server.takeRequest(200, TimeUnit.MILLISECONDS)) {
            if (ApiFaults.APPLICATION_AGENT.equals(recorded.getHeader("User-Agent"))) {
                calls.add(ApiCall.of(recorded));
            }
        }
        return calls;
    }

    private static Set<ApiCall> grantedBy(Manifests.Manifest role) {
        var granted = new HashSet<ApiCall>();
        for (var rule : role.at("/rules")) {
            for (var group : rule.path("apiGroups")) {
                for (var resource : rule.path("resources")) {
                    for (var verb : rule.path("verbs")) {
                        granted.add(new ApiCall(group.stringValue(), resource.stringValue(), verb.stringValue()));
                    }
                }
            }
        }
        return granted;
    }

    /**
     * A binary-mode reply as Knative's JSONata transform sees it: the CloudEvents attributes from the
     * {@code ce-} headers at the top, the JSON body under {@code data}.
     */
    private static JsonNode structured(HttpResponse<String> reply) {
        ObjectNode event = json.createObjectNode();
        reply.headers().map().forEach((name, values) -> {
            var lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ce-")) {
                event.put(lower.substring(3), values.getFirst());
            }
        });
        event.put("datacontenttype", header(reply, "content-type"));
        event.set("data", json.readTree(reply.body()));
        return event;
    }

    /** Whether an event passes a Trigger's attribute filter: every attribute equal. */
    private static boolean passes(Manifests.Manifest trigger, JsonNode event) {
        var attributes = trigger.at("/spec/filter/attributes");
        assertThat(attributes.size()).as("filter of %s", trigger).isPositive();
        return attributes.properties().stream()
                .allMatch(entry -> entry.getValue()
                        .stringValue()
                        .equals(event.path(entry.getKey()).stringValue("")));
    }

    private static String header(HttpResponse<?> reply, String name) {
        return reply.headers().firstValue(name).orElse(null);
    }

    private static String request(String jobName, int minutes) {
        return JobRequests.request(jobName)
                .with("image", IMAGE)
                .with("timeOut", minutes)
                .json();
    }
}
