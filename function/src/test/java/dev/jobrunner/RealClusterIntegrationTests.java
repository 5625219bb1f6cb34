package dev.jobrunner;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import dev.jobrunner.testing.ApiFaults;
import dev.jobrunner.testing.ClusterSettings;
import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.StorageContents;
import dev.jobrunner.testing.TestJobController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a real cluster does that a kind one does not: the Job controller deletes pods at the Job's
 * deadline, the kubelet rotates logs and lets a stopping pod run out its grace, admission refuses
 * pods, containers get stuck. The test cluster plays each with the upstream semantics (see
 * {@link TestJobController}), a hundred times faster than real time: one cluster second is 10 ms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({KubernetesTestCluster.class, S3TestStorage.class})
class RealClusterIntegrationTests {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final int MIB = 1024 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @Autowired
    StorageContents storage;

    @Autowired
    ApiFaults faults;

    Deliveries deliveries;

    @BeforeEach
    void setUp() {
        deliveries = new Deliveries(port);
        cluster.settings(ClusterSettings.defaults());
    }

    @AfterEach
    void clusterRanAsScripted() {
        faults.clear();
        cluster.verifyNoFailures();
    }

    @Test
    @DisplayName("A pod that ignores SIGTERM past its timeOut: timedout, and its whole log kept")
    void podIgnoringSigtermAtItsDeadlineKeepsItsLog() throws Exception {
        // Given: it runs on after its one-minute deadline until the kubelet kills it after its grace
        cluster.script(
                "stubborn",
                JobScript.exceedsDeadline("working\nstill working\n").ignoringSigterm());

        // When
        var reply = deliveries.binary(
                "evt-stubborn", request("stubborn").with("timeOut", 1).json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("timedout");
        var data = json.readTree(reply.body());
        assertThat(data.get("reason").stringValue()).isEqualTo("DeadlineExceeded");
        assertThat(logOf(data)).isEqualTo("working\nstill working\n");
        assertThat(data.at("/log/complete").booleanValue()).isTrue();
    }

    @Test
    @DisplayName("A 30 MiB log, rotated by the kubelet at 10 MiB, is stored byte for byte")
    void logLongerThanTheRotationSizeIsStoredWhole() throws Exception {
        // Given: written over 2 s of real time, so the kubelet rotates it twice while it runs
        var log = log(30 * MIB);
        cluster.script("chatty", JobScript.writes(log, 200));

        // When
        var reply = deliveries.binary("evt-chatty", request("chatty").json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("succeeded");
        var data = json.readTree(reply.body());
        assertThat(data.at("/log/size").longValue()).isEqualTo(log.length);
        assertThat(sha256(stored(data))).isEqualTo(sha256(log));
        assertThat(data.at("/log/complete").booleanValue()).isTrue();
    }

    @Test
    @DisplayName("A log follow that ends at each rotation while the pod runs is resumed, nothing lost or doubled")
    void followBrokenAtEveryRotationIsResumed() throws Exception {
        // Given: follows end at every 1 MiB rotation, as reported on Kubernetes 1.29 (kubernetes#126564)
        cluster.settings(ClusterSettings.defaults().withLogRotationAt(MIB).withFollowBreakingAtRotation());
        var log = log(4 * MIB);
        cluster.script("rotating", JobScript.writes(log, 400));

        // When
        var reply = deliveries.binary(
                "evt-rotating", request("rotating").with("timeOut", 10).json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("succeeded");
        var data = json.readTree(reply.body());
        assertThat(sha256(stored(data))).isEqualTo(sha256(log));
        assertThat(data.at("/log/complete").booleanValue()).isTrue();
    }

    @Test
    @DisplayName("A pod deleted before its log could be followed: the log is said to be missing, not stored as whole")
    void podGoneBeforeItsFollowIsMarkedIncomplete() throws Exception {
        // Given: every follow of the pod's log is answered 404, as for a pod deleted meanwhile
        cluster.script("vanishing", JobScript.writes("written but never read\n".getBytes(StandardCharsets.UTF_8), 20));
        faults.failNext(
                "GET",
                "/api/v1/namespaces/test/pods/vanishing-[^/]+/log\\?.*follow=true.*",
                404,
                "pod not found",
                1000);

        // When
        var reply = deliveries.binary("evt-vanishing", request("vanishing").json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        var data = json.readTree(reply.body());
        assertThat(data.at("/log/complete").booleanValue()).isFalse();
        assertThat(data.at("/log/incomplete").stringValue()).contains("was deleted before its log could be followed");
    }

    @Test
    @DisplayName("A log the kubelet had rotated before anyone followed it is stored as it is, and said to be cut")
    void logReadOnlyAfterItsRotationIsMarkedIncomplete() throws Exception {
        // Given: another instance's Job wrote 12 MiB and ended while no delivery followed it,
        // so the kubelet serves only what it wrote since its last rotation at 10 MiB
        var log = log(12 * MIB);
        cluster.script("unfollowed", JobScript.writes(log, 50));
        var name = cluster.createAsAnotherInstance("unfollowed", Deliveries.SOURCE, "evt-unfollowed");
        await().until(() -> cluster.jobsFor("unfollowed").getFirst().getStatus() != null
                && cluster.jobsFor("unfollowed").getFirst().getStatus().getCompletionTime() != null);

        // When: its redelivery arrives
        var reply = deliveries.binary("evt-unfollowed", request("unfollowed").json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-subject")).isEqualTo(name);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("succeeded");
        var data = json.readTree(reply.body());
        assertThat(data.at("/log/size").longValue()).isLessThan(log.length);
        assertThat(data.at("/log/complete").booleanValue()).isFalse();
        assertThat(data.at("/log/incomplete").stringValue()).contains("earlier output may be missing");
        assertThat(storage.read("results", data.at("/log/object").stringValue())
                        .orElseThrow()
                        .metadata())
                .containsKey("logincomplete");
    }

    @Test
    @DisplayName("Pods refused at admission: failed within the start grace, naming the quota, the Job deleted")
    void podsRefusedAtAdmissionFailFast() throws Exception {
        // Given: a full ResourceQuota refuses every pod; only FailedCreate Events say so
        cluster.script(
                "refused",
                JobScript.refusedAtAdmission(
                        "exceeded quota: compute, requested: limits.memory=1Gi, used: limits.memory=8Gi,"
                                + " limited: limits.memory=8Gi"));

        // When
        var started = System.nanoTime();
        var reply = deliveries.binary(
                "evt-refused", request("refused").with("timeOut", 10).json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("failed");
        var data = json.readTree(reply.body());
        assertThat(data.get("reason").stringValue()).isEqualTo("FailedCreate");
        assertThat(data.get("message").stringValue()).contains("exceeded quota: compute");
        await().untilAsserted(() -> assertThat(cluster.jobsFor("refused")).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "ErrImagePull",
                "CreateContainerConfigError",
                "CreateContainerError",
                "ContainerCreating",
                "Unschedulable"
            })
    @DisplayName("A pod stuck before its container starts: failed with the kubelet's reason, the Job deleted")
    void stuckPodFailsWithItsReason(String reason) throws Exception {
        // Given
        var jobName = "stuck-" + reason.toLowerCase();
        cluster.script(jobName, JobScript.neverStarts(reason));

        // When: its deadline is far off, as the start grace is shorter than a Job's timeOut
        var reply = deliveries.binary(
                "evt-" + jobName, request(jobName).with("timeOut", 10).json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("failed");
        assertThat(json.readTree(reply.body()).get("reason").stringValue()).isEqualTo(reason);
        await().untilAsserted(() -> assertThat(cluster.jobsFor(jobName)).isEmpty());
    }

    @Test
    @DisplayName("A timeOut shorter than the start grace still reports the pull problem, not just a timeout")
    void shortTimeoutStillReportsThePullProblem() throws Exception {
        // Given: the kubelet's deadline (1 min, 0.6 s here) stops the pod before the start grace (2 s) passes
        cluster.script("short", JobScript.neverStarts("ImagePullBackOff"));

        // When
        var reply = deliveries.binary(
                "evt-short", request("short").with("timeOut", 1).json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(header(reply, "ce-jobstatus")).isEqualTo("failed");
        var data = json.readTree(reply.body());
        assertThat(data.get("reason").stringValue()).isEqualTo("ImagePullBackOff");
        assertThat(data.get("message").stringValue()).contains("Back-off pulling image");
    }

    @Test
    @DisplayName(
            "A retry gets only the time its Job has left of its timeOut, so the kubelet stops it and keeps its log")
    void retryGetsTheTimeLeft() {
        // Given: a Job of 5 minutes that started 250 s ago, its first pod failed
        // When: its retry starts
        var pods = cluster.retryStartedAfter("budget", Deliveries.SOURCE, "evt-budget", Duration.ofSeconds(250));

        // Then: the retry's deadline is what is left, about 50 s; the first pod's is untouched
        await().untilAsserted(() -> assertThat(deadline(pods.get(1))).isBetween(45L, 51L));
        assertThat(deadline(pods.get(0))).isEqualTo(300);
    }

    private Long deadline(String pod) {
        return cluster.client().pods().withName(pod).get().getSpec().getActiveDeadlineSeconds();
    }

    @Test
    @DisplayName("A redelivery of a completed event replies from its record while the Kubernetes API fails")
    void completedEventRepliesWithoutTheCluster() throws Exception {
        // Given: a Job that ran, then an API server that answers every call with 500
        cluster.script("recorded", JobScript.succeeds("on the record\n"));
        var first = deliveries.binary("evt-recorded", request("recorded").json());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        faults.failNext("(GET|PATCH|POST|DELETE)", "/api.*", 500, 10_000);

        // When
        var redelivered = deliveries.binary("evt-recorded", request("recorded").json());

        // Then
        assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(200);
        assertThat(redelivered.body()).isEqualTo(first.body());
        assertThat(header(redelivered, "ce-id")).isEqualTo(header(first, "ce-id"));
    }

    private static JobRequests request(String jobName) {
        return JobRequests.request(jobName);
    }

    private byte[] stored(JsonNode data) throws Exception {
        return storage.read("results", data.at("/log/object").stringValue())
                .orElseThrow()
                .content();
    }

    private String logOf(JsonNode data) throws Exception {
        return new String(stored(data), StandardCharsets.UTF_8);
    }

    /** Numbered lines, so any byte lost, doubled or moved changes the checksum. */
    private static byte[] log(int bytes) {
        var log = new StringBuilder(bytes + 64);
        for (int line = 0; log.length() < bytes; line++) {
            log.append("line ")
                    .append(line)
                    .append(": résumé naïve – ")
                    .append(Integer.toHexString(line * 7919))
                    .append('\n');
        }
        return log.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String header(HttpResponse<?> reply, String name) {
        return reply.headers().firstValue(name).orElse(null);
    }
}
