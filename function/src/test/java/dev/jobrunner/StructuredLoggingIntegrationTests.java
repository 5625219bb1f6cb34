package dev.jobrunner;

import java.util.ArrayList;
import java.util.List;

import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.TestJobController;
import org.gaul.s3proxy.S3ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function's log as the Knative Service writes it (ECS structured logging): JSON lines, those
 * about a Job with its name and event as fields, and never a storage credential.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.structured.format.console=ecs",
            "logging.config=classpath:logback-structured-test.xml",
            "spring.main.banner-mode=off"
        })
@Import({KubernetesTestCluster.class, S3TestStorage.class})
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingIntegrationTests {

    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @Autowired
    S3Server s3;

    /**
     * Spring Boot configures Logback once per JVM and leaves it to later contexts as it is: undone
     * here, this context sets up its structured console, and afterwards the next context its own.
     */
    @BeforeAll
    @AfterAll
    static void letTheNextContextConfigureLogging() {
        LoggingSystem.get(StructuredLoggingIntegrationTests.class.getClassLoader())
                .cleanUp();
    }

    @Test
    @DisplayName("Every line about a Job carries its name and event id and source as fields")
    void linesAboutAJobCarryItsFields(CapturedOutput output) {
        // Given
        var deliveries = new Deliveries(port);
        cluster.script("logged", JobScript.fails("first try\n", "second try\n"));

        // When
        var reply = deliveries.binary(
                "evt-logged", JobRequests.request("logged").with("retries", 1).json());

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        var jobName = cluster.jobsFor("logged").getFirst().getMetadata().getName();
        var aboutTheJob = jsonLines(output).stream()
                .filter(line -> line.path("message").asString().contains(jobName))
                .toList();
        assertThat(aboutTheJob).as("lines naming Job %s", jobName).isNotEmpty();
        assertThat(aboutTheJob).allSatisfy(line -> {
            assertThat(field(line, "jobrunner.job")).isEqualTo(jobName);
            assertThat(field(line, "event.id")).isEqualTo("evt-logged");
            assertThat(field(line, "event.source")).isEqualTo(Deliveries.SOURCE);
        });
    }

    @Test
    @DisplayName("No line carries a storage credential, also when the store refuses and fails")
    void noLineCarriesACredential(CapturedOutput output) {
        // Given: a store that refuses one bucket and keeps failing to make another
        var deliveries = new Deliveries(port);
        s3.failMakingBucket("denied-logs", S3ErrorCode.ACCESS_DENIED, 1);
        s3.failMakingBucket("failing-logs", S3ErrorCode.INTERNAL_ERROR, 100);

        // When
        var succeeded = deliveries.binary(
                "evt-secret-ok", JobRequests.request("secret-ok").json());
        var refused = deliveries.binary(
                "evt-secret-denied",
                JobRequests.request("secret-denied")
                        .with("outputBucket", "denied-logs")
                        .json());
        var failed = deliveries.binary(
                "evt-secret-failing",
                JobRequests.request("secret-failing")
                        .with("outputBucket", "failing-logs")
                        .json());

        // Then
        assertThat(succeeded.statusCode()).as(succeeded.body()).isEqualTo(200);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(failed.statusCode()).as(failed.body()).isGreaterThanOrEqualTo(500);
        assertThat(jsonLines(output)).isNotEmpty();
        assertThat(output.getAll()).doesNotContain(S3TestStorage.SECRET_KEY).doesNotContain(S3TestStorage.ACCESS_KEY);
    }

    /** The captured lines that are JSON objects, parsed: each is one structured log event. */
    private static List<JsonNode> jsonLines(CapturedOutput output) {
        var lines = new ArrayList<JsonNode>();
        output.getOut().lines().filter(line -> line.startsWith("{")).forEach(line -> lines.add(json.readTree(line)));
        return lines;
    }

    /** A field by its dotted name, written flat ({@code "event.id"}) or nested ({@code "event":{"id"}}). */
    private static String field(JsonNode line, String name) {
        var flat = line.path(name);
        if (!flat.isMissingNode()) {
            return flat.asString();
        }
        return line.at("/" + name.replace('.', '/')).asString(null);
    }
}
