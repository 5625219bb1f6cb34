package dev.jobrunner.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import dev.jobrunner.job.JobIdentity;
import dev.jobrunner.testing.ApiFaults;
import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.StorageContents;
import dev.jobrunner.testing.TestJobController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Completion records are signed by the function and used only when they verify: an object that
 * anyone else put where a record belongs (a Job holding bucket credentials, say) is refused with a
 * 500 naming it, and starts no Job. The function is configured after a key rotation: {@code new}
 * signs, {@code old} still verifies.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "jobrunner.storage.signing-keys[0]=new:" + RecordIntegrityIntegrationTests.NEW_KEY,
            "jobrunner.storage.signing-keys[1]=old:" + RecordIntegrityIntegrationTests.OLD_KEY,
            // S3's smallest part, so that a multipart upload takes a test only megabytes.
            "jobrunner.storage.upload.part-size=5MB"
        })
@Import({KubernetesTestCluster.class, S3TestStorage.class})
@ExtendWith(OutputCaptureExtension.class)
class RecordIntegrityIntegrationTests {

    static final String NEW_KEY = "bmV3LXNpZ25pbmcta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMhIQ==";
    static final String OLD_KEY = "b2xkLXNpZ25pbmcta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMhIQ==";

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @Autowired
    StorageContents storage;

    @Autowired
    CompletionRecords records;

    @Autowired
    S3Server s3;

    @Autowired
    ApiFaults faults;

    Deliveries deliveries;

    @BeforeEach
    void setUp() {
        deliveries = new Deliveries(port);
    }

    @AfterEach
    void clusterRanAsScripted() {
        cluster.verifyNoFailures();
    }

    @Test
    @DisplayName("A planted record (jobstatus: succeeded, no signature): 500 naming the object, no Job")
    void plantedRecordRefused() throws Exception {
        // Given: someone with write access stores a success for an event that never ran
        var object = logObject("planted", "evt-planted");
        storage.write(
                "results", object, "all good\n".getBytes(StandardCharsets.UTF_8), Map.of("jobstatus", "succeeded"));

        // When
        var reply =
                deliveries.binary("evt-planted", JobRequests.request("planted").json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(500);
        assertThat(reply.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.body()).contains("results/" + object).contains("no signature");
        assertThat(cluster.jobsFor("planted")).isEmpty();
    }

    @Test
    @DisplayName("A record whose outcome was changed after signing: 500, no second Job, no key or signature logged")
    void alteredMetadataRefused(CapturedOutput output) throws Exception {
        // Given: a Job that failed, its record then rewritten to say it succeeded
        cluster.script("altered", JobScript.fails("it went wrong\n"));
        assertThat(deliveries.binary("evt-altered", request("altered")).statusCode())
                .isEqualTo(200);
        var object = logObject("altered", "evt-altered");
        var stored = storage.read("results", object).orElseThrow();
        var metadata = new HashMap<>(stored.metadata());
        metadata.put("jobstatus", "succeeded");
        storage.write("results", object, stored.content(), metadata);

        // When
        var reply = deliveries.binary("evt-altered", request("altered"));

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(500);
        assertThat(reply.body()).contains("results/" + object).contains("does not verify");
        assertThat(cluster.jobsFor("altered")).hasSize(1);
        assertThat(output.getOut() + output.getErr())
                .contains("Refusing a completion record")
                .contains(object)
                .doesNotContain(NEW_KEY)
                .doesNotContain(OLD_KEY)
                .doesNotContain(stored.metadata().get("signature"));
    }

    @Test
    @DisplayName("A record whose log bytes were changed after signing (same length): 500, no second Job")
    void alteredBytesRefused() throws Exception {
        // Given
        cluster.script("rewritten", JobScript.succeeds("counted 42 words\n"));
        assertThat(deliveries.binary("evt-rewritten", request("rewritten")).statusCode())
                .isEqualTo(200);
        var object = logObject("rewritten", "evt-rewritten");
        var stored = storage.read("results", object).orElseThrow();
        storage.write("results", object, "counted 99 words\n".getBytes(StandardCharsets.UTF_8), stored.metadata());

        // When
        var reply = deliveries.binary("evt-rewritten", request("rewritten"));

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(500);
        assertThat(reply.body()).contains("results/" + object).contains("bytes");
        assertThat(cluster.jobsFor("rewritten")).hasSize(1);
    }

    @Test
    @DisplayName("A record signed with the rotated-out key: still replied from, no Job started")
    void recordOfOldKeyAccepted() throws Exception {
        // Given: a record the function signed before the rotation, when "old" was its signing key
        var log = "signed long ago\n".getBytes(StandardCharsets.UTF_8);
        storeSignedRecord("rotated", "evt-rotated", log, "old", OLD_KEY);

        // When
        var reply = deliveries.binary("evt-rotated", request("rotated"));

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-jobstatus")).hasValue("succeeded");
        assertThat(reply.body()).contains("\"size\":" + log.length);
        assertThat(cluster.jobsFor("rotated")).isEmpty();
    }

    @Test
    @DisplayName("A fresh record is signed with the current key and its SHA-256; its redelivery replies the same")
    void freshRecordSignedWithCurrentKey() throws Exception {
        // Given
        cluster.script("fresh", JobScript.succeeds("hello\n"));

        // When
        var first = deliveries.binary("evt-fresh", request("fresh"));
        var again = deliveries.binary("evt-fresh", request("fresh"));

        // Then
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        var stored = storage.read("results", logObject("fresh", "evt-fresh")).orElseThrow();
        assertThat(stored.metadata())
                .containsEntry("signingkey", "new")
                .containsEntry(
                        "sha256",
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(stored.content())))
                .containsKey("signature");
        assertThat(cluster.jobsFor("fresh")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {40, 11 * 1024 * 1024})
    @DisplayName(
            "Two instances store one Job's log at once, as one PutObject or in parts: one object, the first log, the same record for both")
    void concurrentStoresKeepTheFirstLog(int size, @TempDir Path spools) throws Exception {
        // Given: two writers, each with a log of its own, both past their look-up before either
        // writes; the later one writes once the first has stored its record and replied from it
        var job = JobIdentity.of("raced", Deliveries.SOURCE, "evt-raced-" + size);
        var object = "logs/" + job.name() + ".log";
        var firstStored = new CompletableFuture<StoredLog>();
        s3.race(object, 2, firstStored);
        var logs = Map.of("one", randomLog(size), "two", randomLog(size));

        // When
        var stores = logs.keySet().stream()
                .map(writer -> CompletableFuture.supplyAsync(() -> records.store(
                                "results",
                                object,
                                job,
                                collected(spools, writer, logs.get(writer)),
                                Map.of("jobstatus", "succeeded", "reason", writer)))
                        .whenComplete((stored, failure) -> firstStored.complete(stored == null ? null : stored.log())))
                .toList();
        var one = stores.get(0).join().log();
        var other = stores.get(1).join().log();
        assertThat(stores.stream().filter(store -> store.join().writtenHere()))
                .as("writers that say they wrote the record")
                .hasSize(1);

        // Then: the log stored first is the record of both, whole and verified (read back by the
        // later writer only: the first knows its bytes); nothing is left half-written
        assertThat(other).isEqualTo(one);
        assertThat(s3.reads(object)).isEqualTo(1);
        var stored = storage.read("results", object).orElseThrow();
        assertThat(stored.content()).isEqualTo(logs.get(one.metadata().get("reason")));
        assertThat(stored.metadata())
                .containsEntry(
                        "sha256",
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(stored.content())));
        assertThat(s3.openUploads("results")).isZero();
    }

    private static byte[] randomLog(int size) {
        var log = new byte[size];
        ThreadLocalRandom.current().nextBytes(log);
        return log;
    }

    /** A log as the follower leaves it: one pod's spool file. */
    private static PodLogs.CollectedLog collected(Path spools, String pod, byte[] log) {
        try {
            var file = Files.write(spools.resolve(pod + ".log"), log);
            var spool = new PodLogSpool("test", pod, "job", file);
            return new PodLogs.CollectedLog(List.of(new PodLogs.Part(null, spool)), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName(
            "A record stored by another instance between the look-up and the create: the new Job is deleted, one reply from the record")
    void recordStoredWhileCreatingDeletesTheRerun() throws Exception {
        // Given: the Job would run, but while its create is on the way another instance stores the record
        cluster.script("overtaken", JobScript.succeeds("must not run\n").heldUntil(new CompletableFuture<>()));
        var log = "the first run's log\n".getBytes(StandardCharsets.UTF_8);
        faults.beforeNext("POST", "/apis/batch/v1/namespaces/test/jobs.*", () -> {
            try {
                storeSignedRecord("overtaken", "evt-overtaken", log, "new", NEW_KEY);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // When
        var reply = deliveries.binary("evt-overtaken", request("overtaken"));

        // Then
        assertThat(faults.allServed()).isTrue();
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-jobstatus")).hasValue("succeeded");
        assertThat(reply.body()).contains("\"size\":" + log.length);
        await().untilAsserted(() -> assertThat(cluster.jobsFor("overtaken")).isEmpty());
    }

    /** Stores a record as the function signs it, with the key {@code keyId}. */
    private void storeSignedRecord(String jobName, String eventId, byte[] log, String keyId, String key)
            throws Exception {
        var job = JobIdentity.of(jobName, Deliveries.SOURCE, eventId);
        var object = logObject(jobName, eventId);
        var metadata = new LinkedHashMap<String, String>();
        metadata.put("jobstatus", "succeeded");
        metadata.put("reason", "Completed");
        metadata.put(
                "sha256",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(log)));
        metadata.put("signingkey", keyId);
        metadata.put(
                "signature",
                RecordSignature.of(Base64.getDecoder().decode(key), "results", object, job, log.length, metadata));
        storage.write("results", object, log, metadata);
    }

    private static String logObject(String jobName, String eventId) {
        return "logs/" + JobIdentity.of(jobName, Deliveries.SOURCE, eventId).name() + ".log";
    }

    private static String request(String jobName) {
        return JobRequests.request(jobName).json();
    }
}
