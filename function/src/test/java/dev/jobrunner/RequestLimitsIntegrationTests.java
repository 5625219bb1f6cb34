package dev.jobrunner;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.jobrunner.testing.ApiFaults;
import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.StorageContents;
import dev.jobrunner.testing.TestJobController;
import io.fabric8.kubernetes.api.model.EnvVar;
import org.gaul.s3proxy.S3ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * What a request may hold, and what it may ask of the cluster and the store, refused over real
 * HTTP before any Job runs: bodies past the size limit (413), bodies that are not JSON (415),
 * Jobs the API server will not store, env the Job template sets, output buckets the store
 * refuses (400, naming the field). The Job template here sets a proxy, as an operator's might.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "jobrunner.job.template=classpath:dev/jobrunner/job-template-with-proxy.yaml")
@Import({KubernetesTestCluster.class, S3TestStorage.class})
class RequestLimitsIntegrationTests {

    private static final int LIMIT = 64 * 1024;
    private static final String JOBS = "/apis/batch/v1/namespaces/test/jobs";
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @Autowired
    ApiFaults faults;

    @Autowired
    S3Server s3;

    @Autowired
    StorageContents storage;

    Deliveries deliveries;

    @BeforeEach
    void setUp() {
        deliveries = new Deliveries(port);
    }

    @AfterEach
    void clusterRanAsScripted() {
        faults.clear();
        cluster.verifyNoFailures();
    }

    @Test
    @DisplayName(
            "A body over 64 KiB is refused with 413 on its Content-Length alone: with 100-continue it is never sent")
    void bodyOverTheLimitIsRefusedUnread() throws Exception {
        // Given: a valid request, padded past the limit
        var request = JobRequests.request("too-big").json();

        // When
        var refused = deliveries.binaryExpectingContinue("evt-too-big", padded(request, LIMIT + 1));
        var sent = deliveries.binary("evt-too-big", padded(request, 4 * LIMIT));

        // Then
        assertRefused(refused, 413, "over the limit of 65536 bytes (jobrunner.job.max-request-size)");
        assertRefused(sent, 413, "the delivery's body is 262144 bytes");
        // The body held back is never asked for: that connection is not used for another delivery.
        assertThat(refused.headers().firstValue("connection")).hasValue("close");
        assertThat(cluster.jobsFor("too-big")).isEmpty();
    }

    @Test
    @DisplayName("A chunked body without Content-Length is cut off at 64 KiB with 413")
    void chunkedBodyOverTheLimitIsRefused() throws Exception {
        var reply = deliveries.binaryChunked(
                "evt-chunked-too-big",
                padded(JobRequests.request("chunked-too-big").json(), 3 * LIMIT));

        assertRefused(reply, 413, "more than 65536 bytes");
        assertThat(cluster.jobsFor("chunked-too-big")).isEmpty();
    }

    @Test
    @DisplayName("A body of exactly 64 KiB, chunked, is read whole and runs its Job")
    void bodyAtTheLimitIsTaken() {
        var reply = deliveries.binaryChunked(
                "evt-at-limit", padded(JobRequests.request("at-limit").json(), LIMIT));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(cluster.jobsFor("at-limit")).hasSize(1);
    }

    @Test
    @DisplayName("A reply longer than the server's output buffer arrives whole, with its Content-Length")
    void longReplyArrivesWhole() throws Exception {
        // The completion event repeats the request's args: 48 KiB of them, past Jetty's 32 KiB buffer.
        var args = IntStream.range(0, 24)
                .mapToObj(i -> i + "-" + "a".repeat(2 * 1024))
                .toList();
        var reply = deliveries.binary(
                "evt-long-reply",
                JobRequests.request("long-reply").with("args", args).json());

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("transfer-encoding")).isEmpty();
        assertThat(reply.headers().firstValueAsLong("content-length"))
                .hasValue(reply.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(json.readTree(reply.body()).path("args")).isEqualTo(json.valueToTree(args));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "multipart/form-data",
                "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded",
                "text/xml",
                "text/plain",
                "*/*",
                "garbage",
                "application/json; charset=no-such-charset"
            })
    @DisplayName("A body that is not JSON gets 415 with problem+json before it is read")
    void contentTypeTheFunctionDoesNotReadIsRefused(String contentType) throws Exception {
        var jobName = "type-" + Math.abs(contentType.hashCode());

        var reply = deliveries.binary(
                "evt-" + jobName, JobRequests.request(jobName).json(), Map.of("Content-Type", contentType));

        assertRefused(reply, 415, "is not JSON");
        assertThat(cluster.jobsFor(jobName)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json; charset=utf-8", "application/vnd.acme.job+json"})
    @DisplayName("JSON under any application/*+json type, and with its charset named, is read")
    void jsonContentTypesAreRead(String contentType) {
        var jobName = "json-" + Math.abs(contentType.hashCode());

        var reply = deliveries.binary(
                "evt-" + jobName, JobRequests.request(jobName).json(), Map.of("Content-Type", contentType));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(cluster.jobsFor(jobName)).hasSize(1);
    }

    @Test
    @DisplayName("A Job the API server refuses as too large (413): 400, not retried, nothing created")
    void jobTheApiServerRefusesAsTooLargeIsTheRequestsFault() throws Exception {
        // Given: the API server's answer to a body over its MaxRequestBodyBytes (3 MiB)
        faults.failNext("POST", JOBS, 413, "Request entity too large: limit is 3145728", 1);

        // When
        var reply = deliveries.binary(
                "evt-api-too-large", JobRequests.request("api-too-large").json());

        // Then
        assertRefused(reply, 400, "Request entity too large: limit is 3145728");
        assertThat(reply.body()).contains("Job too large for Kubernetes");
        assertThat(faults.allServed()).isTrue();
        assertThat(cluster.jobsFor("api-too-large"))
                .as("not created on a retry either")
                .isEmpty();
    }

    @Test
    @DisplayName("Env the Job template sets cannot be overridden: 400 naming env.HTTP_PROXY, its value not shown")
    void envTheTemplateSetsIsRefused() throws Exception {
        var request = JobRequests.request("proxy-override")
                .with("env", Map.of("HTTP_PROXY", "http://attacker.example:3128", "SEARCH_WORD", "fine"));

        var reply = deliveries.binary("evt-proxy-override", request.json());

        assertRefused(reply, 400, "env.HTTP_PROXY: is set by the Job template and cannot be overridden");
        assertThat(reply.body()).doesNotContain("attacker");
        assertThat(cluster.jobsFor("proxy-override")).isEmpty();
    }

    @Test
    @DisplayName("Env the template does not set is added beside the template's, which stays as the template has it")
    void envBesideTheTemplatesIsAdded() {
        var request = JobRequests.request("proxy-kept").with("env", Map.of("SEARCH_WORD", "Knative"));

        var reply = deliveries.binary("evt-proxy-kept", request.json());

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        var env = cluster.jobsFor("proxy-kept")
                .getFirst()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        assertThat(env)
                .filteredOn(variable -> variable.getValue() != null)
                .extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("HTTP_PROXY", "http://proxy.internal:3128"), tuple("SEARCH_WORD", "Knative"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "ACCESS_DENIED, AccessDenied",
        "BUCKET_ALREADY_EXISTS, BucketAlreadyExists",
        "INVALID_BUCKET_NAME, InvalidBucketName"
    })
    @DisplayName("An output bucket the store will not make: 400 naming outputBucket before any Job runs, not retried")
    void outputBucketTheStoreRefusesFailsBeforeTheJob(S3ErrorCode refusal, String code) throws Exception {
        // Given: a bucket that does not exist, and a store that refuses to make it, once
        var bucket = "refused-" + refusal.name().toLowerCase().replace('_', '-');
        s3.failMakingBucket(bucket, refusal, 1);

        // When
        var reply = deliveries.binary(
                "evt-" + bucket,
                JobRequests.request(bucket).with("outputBucket", bucket).json());

        // Then
        assertRefused(reply, 400, "outputBucket: bucket '" + bucket + "' cannot be written or made");
        assertThat(reply.body()).contains("answered " + code);
        assertThat(cluster.jobsFor(bucket)).isEmpty();
        assertThat(storage.bucketExists(bucket))
                .as("not made on a retry either")
                .isFalse();
    }

    @Test
    @DisplayName("A store failing while the bucket is checked: 503 and no Job, as any outage; the redelivery runs it")
    void outputBucketCheckFailingIsAnOutage() throws Exception {
        // Given: a store that fails (500) every attempt the storage retry makes
        s3.failMakingBucket("flaky-store", S3ErrorCode.INTERNAL_ERROR, 4);
        var request = JobRequests.request("flaky-store")
                .with("outputBucket", "flaky-store")
                .json();

        // When
        var refused = deliveries.binary("evt-flaky-store", request);

        // Then
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.body()).contains("Log storage unavailable").contains("could not check bucket flaky-store");
        assertThat(cluster.jobsFor("flaky-store")).isEmpty();

        // When Knative redelivers, the store answering again
        var redelivered = deliveries.binary("evt-flaky-store", request);

        // Then
        assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(200);
        assertThat(cluster.jobsFor("flaky-store")).hasSize(1);
    }

    @Test
    @DisplayName("A new output bucket is made before its Job runs, so the Job can write into it")
    void newOutputBucketIsMadeBeforeTheJobRuns() throws Exception {
        // Given
        var jobRuns = new CompletableFuture<Void>();
        cluster.script("fresh-bucket", JobScript.succeeds("wrote results\n").heldUntil(jobRuns));

        // When
        var reply = CompletableFuture.supplyAsync(() -> deliveries.binary(
                "evt-fresh-bucket",
                JobRequests.request("fresh-bucket")
                        .with("outputBucket", "fresh-bucket")
                        .json()));

        // Then
        await().until(() -> !cluster.jobsFor("fresh-bucket").isEmpty());
        assertThat(storage.bucketExists("fresh-bucket")).isTrue();
        jobRuns.complete(null);
        assertThat(reply.get().statusCode()).as(reply.get().body()).isEqualTo(200);
    }

    /** The request as JSON of exactly {@code bytes} bytes, padded with whitespace, still valid. */
    private static String padded(String request, int bytes) {
        var padding = bytes - request.getBytes(StandardCharsets.UTF_8).length;
        return request.substring(0, request.length() - 1) + " ".repeat(padding) + "}";
    }

    private static void assertRefused(HttpResponse<String> reply, int status, String detail) throws Exception {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        assertThat(reply.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(json.readTree(reply.body()).path("detail").stringValue()).contains(detail);
    }
}
