package dev.jobrunner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.StorageContents;
import dev.jobrunner.testing.TestJobController;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The function end to end over real protocols on loopback: CloudEvents over HTTP to the running
 * application, fabric8's mock API server with a test-side Job controller, and an S3 server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({KubernetesTestCluster.class, S3TestStorage.class})
class JobRunnerIntegrationTests {

    private static final String IMAGE = "registry.example/acme/wordcount:1.0";
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @AfterEach
    void clusterRanAsScripted() {
        cluster.verifyNoFailures();
    }

    @Autowired
    StorageContents storage;

    @Autowired
    FunctionCatalog catalog;

    Deliveries deliveries;

    @BeforeEach
    void setUp() {
        deliveries = new Deliveries(port);
    }

    @Test
    @DisplayName("A job that succeeds: one Job as the contract shapes it, its log stored, a completion event")
    void succeededJob() throws Exception {
        // Given
        cluster.script("wordcount", JobScript.succeeds("counted 42 words\n"));

        // When
        var reply = deliveries.binary("evt-success", request("wordcount"));

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        var jobs = cluster.jobsFor("wordcount");
        assertThat(jobs).hasSize(1);
        var name = jobs.getFirst().getMetadata().getName();
        assertThat(header(reply, "ce-type")).isEqualTo("dev.jobrunner.job.completed");
        assertThat(header(reply, "ce-source")).isEqualTo("/job-runner");
        assertThat(header(reply, "ce-subject")).isEqualTo(name);
        assertThat(header(reply, "ce-id")).isEqualTo("test/" + name);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("succeeded");
        assertThat(header(reply, "ce-jobname")).isEqualTo("wordcount");
        assertThat(header(reply, "ce-requestid")).isEqualTo("evt-success");
        assertThat(header(reply, "ce-requestsource")).isEqualTo(Deliveries.SOURCE);
        assertThat(header(reply, "content-type")).startsWith("application/json");
        assertThat(withoutTimes(json.readTree(reply.body()))).isEqualTo(expected("replies/succeeded.json"));

        var log = storage.read("results", "logs/" + name + ".log").orElseThrow();
        assertThat(new String(log.content(), StandardCharsets.UTF_8)).isEqualTo("counted 42 words\n");
        assertThat(log.metadata()).containsEntry("jobstatus", "succeeded");
    }

    @Test
    @DisplayName("A job whose pods fail: a failed completion, every pod's log stored oldest first")
    void failedJobWithRetries() throws Exception {
        // Given
        cluster.script("flaky", JobScript.fails("first try\n", "second try\n"));

        // When
        var reply = deliveries.binary(
                "evt-failure",
                JobRequests.request("flaky")
                        .with("image", IMAGE)
                        .with("retries", 1)
                        .json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("failed");
        var data = json.readTree(reply.body());
        assertThat(data.get("reason").stringValue()).isEqualTo("BackoffLimitExceeded");
        assertThat(data.get("retries").intValue()).isEqualTo(1);
        var job = cluster.jobsFor("flaky").getFirst();
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
        var pods = cluster.podsOf(job.getMetadata().getName());
        var log = storage.read("results", data.at("/log/object").stringValue()).orElseThrow();
        var first = pods.stream()
                .filter(p -> p.getMetadata().getName().contains("-0x"))
                .findFirst()
                .orElseThrow();
        var second = pods.stream()
                .filter(p -> p.getMetadata().getName().contains("-1x"))
                .findFirst()
                .orElseThrow();
        assertThat(new String(log.content(), StandardCharsets.UTF_8))
                .isEqualTo("===== pod " + first.getMetadata().getName() + " (Failed) =====\nfirst try\n" + "===== pod "
                        + second.getMetadata().getName() + " (Failed) =====\nsecond try\n");
    }

    @Test
    @DisplayName("A job past its deadline: a timedout completion with the log so far")
    void deadlineExceeded() throws Exception {
        cluster.script("slow", JobScript.exceedsDeadline("still working...\n"));

        var reply = deliveries.binary("evt-deadline", request("slow"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("timedout");
        var data = json.readTree(reply.body());
        assertThat(data.get("reason").stringValue()).isEqualTo("DeadlineExceeded");
        var log = storage.read("results", data.at("/log/object").stringValue()).orElseThrow();
        assertThat(new String(log.content(), StandardCharsets.UTF_8)).isEqualTo("still working...\n");
        await().untilAsserted(() -> assertThat(cluster.jobsFor("slow"))
                .singleElement()
                .satisfies(job ->
                        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(30)));
    }

    @Test
    @DisplayName("A pod that can never start (image pull failing): failed with the pod's reason, the Job deleted")
    void podThatNeverStarts() throws Exception {
        cluster.script("typo", JobScript.neverStarts("ImagePullBackOff"));

        var reply = deliveries.binary("evt-never-starts", request("typo"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("failed");
        var data = json.readTree(reply.body());
        assertThat(data.get("reason").stringValue()).isEqualTo("ImagePullBackOff");
        assertThat(data.get("message").stringValue()).isEqualTo("Back-off pulling image \"" + IMAGE + "\"");
        var log = storage.read("results", data.at("/log/object").stringValue()).orElseThrow();
        assertThat(new String(log.content(), StandardCharsets.UTF_8))
                .contains("no log for pod")
                .contains("is waiting to start");
        await().untilAsserted(() -> assertThat(cluster.jobsFor("typo")).isEmpty());
    }

    @Test
    @DisplayName("Structured mode: the whole event as application/cloudevents+json")
    void structuredDelivery() throws Exception {
        var reply = deliveries.structured("evt-structured", request("structured"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("succeeded");
        assertThat(cluster.jobsFor("structured")).hasSize(1);
    }

    @Test
    @DisplayName("Binary mode without Content-Type, as RabbitmqSource forwards a message published without one")
    void binaryDeliveryWithoutContentType() throws Exception {
        var reply = deliveries.binaryWithoutContentType("evt-no-content-type", request("untyped"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("succeeded");
        assertThat(cluster.jobsFor("untyped")).hasSize(1);
    }

    @Test
    @DisplayName("The reply carries the completion event's headers and none of the request's")
    void replyHeadersCarryNoRequestAttribute() {
        var reply = deliveries.binary(
                "evt-headers",
                request("headers"),
                Map.of(
                        "Ce-Subject", "request-subject",
                        "Ce-Knativearrivaltime", "2026-11-22T10:00:00Z",
                        "Ce-Traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                        "Ce-Partitionkey", "p1",
                        "Authorization", "Bearer request-token",
                        "X-Request-Id", "abc"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        var ceHeaders = reply.headers().map().keySet().stream()
                .map(String::toLowerCase)
                .filter(name -> name.startsWith("ce-"))
                .sorted()
                .toList();
        assertThat(ceHeaders)
                .containsExactly(
                        "ce-id",
                        "ce-jobname",
                        "ce-jobstatus",
                        "ce-requestid",
                        "ce-requestsource",
                        "ce-source",
                        "ce-specversion",
                        "ce-subject",
                        "ce-time",
                        "ce-type");
        assertThat(header(reply, "ce-subject")).startsWith("headers-");
        assertThat(reply.headers().firstValue("authorization")).isEmpty();
        assertThat(reply.headers().firstValue("x-request-id")).isEmpty();
    }

    @Test
    @DisplayName("A redelivery after completion: the same reply from the stored record, nothing started")
    void redeliveryAfterCompletion() throws Exception {
        // Given: a completed job whose Job has since been cleaned up
        var first = deliveries.binary("evt-redelivered", request("again"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        var jobName = cluster.jobsFor("again").getFirst().getMetadata().getName();
        cluster.client().batch().v1().jobs().withName(jobName).delete();
        await().until(() -> cluster.jobsFor("again").isEmpty());

        // When
        var second = deliveries.binary("evt-redelivered", request("again"));

        // Then
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(header(second, "ce-id")).isEqualTo(header(first, "ce-id"));
        assertThat(header(second, "ce-time")).isEqualTo(header(first, "ce-time"));
        assertThat(cluster.jobsFor("again")).as("no Job started again").isEmpty();
    }

    @Test
    @DisplayName("A delivery whose Job another instance already created: awaits that Job, starts no other")
    void jobOfAnotherInstanceIsAdopted() throws Exception {
        // Given: another instance took the same event first and its Job is running
        var otherInstanceDone = new CompletableFuture<Void>();
        cluster.script("shared", JobScript.succeeds("from the other instance\n").heldUntil(otherInstanceDone));
        var name = cluster.createAsAnotherInstance("shared", Deliveries.SOURCE, "evt-shared");

        // When
        var reply = CompletableFuture.supplyAsync(() -> deliveries.binary("evt-shared", request("shared")));
        otherInstanceDone.complete(null);

        // Then
        assertThat(reply.get().statusCode()).as(reply.get().body()).isEqualTo(200);
        assertThat(header(reply.get(), "ce-subject")).isEqualTo(name);
        assertThat(cluster.jobsFor("shared")).hasSize(1);
        var log = storage.read("results", "logs/" + name + ".log").orElseThrow();
        assertThat(new String(log.content(), StandardCharsets.UTF_8)).isEqualTo("from the other instance\n");
    }

    @Test
    @DisplayName("The function on its own, from the function catalog: CloudEvent in, completion CloudEvent out")
    void functionFromCatalog() {
        Function<CloudEvent, CloudEvent> function = catalog.lookup("jobRunner");

        var reply = function.apply(CloudEventBuilder.v1()
                .withId("evt-catalog")
                .withSource(URI.create(Deliveries.SOURCE))
                .withType("dev.jobrunner.job.requested")
                .withData("application/json", request("catalog").getBytes(StandardCharsets.UTF_8))
                .build());

        assertThat(reply.getType()).isEqualTo("dev.jobrunner.job.completed");
        assertThat(reply.getExtension("jobstatus")).isEqualTo("succeeded");
        assertThat(reply.getExtension("jobname")).isEqualTo("catalog");
        assertThat(reply.getSubject()).startsWith("catalog-");
    }

    /** Lines of varied text, with multi-byte characters, so a shifted or dropped byte shows. */
    private static String header(HttpResponse<?> reply, String name) {
        return reply.headers().firstValue(name).orElse(null);
    }

    private static String request(String jobName) {
        return JobRequests.request(jobName).with("image", IMAGE).json();
    }

    /** The reply's data with its clock readings replaced, which differ from run to run. */
    private static JsonNode withoutTimes(JsonNode data) {
        var copy = (ObjectNode) data.deepCopy();
        assertThat(Instant.parse(copy.get("startTime").stringValue()))
                .isBeforeOrEqualTo(Instant.parse(copy.get("completionTime").stringValue()));
        assertThat(copy.get("durationSeconds").isNumber()).isTrue();
        copy.put("startTime", "<time>").put("completionTime", "<time>").put("durationSeconds", "<seconds>");
        return copy;
    }

    private static JsonNode expected(String resource) throws IOException {
        try (var in = JobRunnerIntegrationTests.class.getResourceAsStream(resource)) {
            return json.readTree(in);
        }
    }
}
