package dev.jobrunner.devmode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.jobrunner.TestJobRunnerApplication;
import dev.jobrunner.job.JobIdentity;
import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.StorageContents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dev mode as a newcomer meets it: the application {@code spring-boot:test-run} starts, on a
 * random port here and with its S3 server on a free one, answering the README's curl request.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevModeIntegrationTests {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Pattern CURL_URL = Pattern.compile("curl -si (\\S+)");
    private static final Pattern CURL_HEADER = Pattern.compile("-H '([^:']+): ([^']*)'");
    private static final Pattern CURL_DATA = Pattern.compile("-d '([^']*)'");

    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext devMode;
    private int port;
    private StorageContents storage;

    @BeforeAll
    void startDevMode() {
        devMode = TestJobRunnerApplication.devMode()
                .run("--server.port=0", "--jobrunner.devmode.storage-port=0")
                .getApplicationContext();
        port = Integer.parseInt(devMode.getEnvironment().getRequiredProperty("local.server.port"));
        storage =
                new StorageContents(devMode.getBean(S3Server.class).endpoint(), DevMode.ACCESS_KEY, DevMode.SECRET_KEY);
    }

    @AfterAll
    void stopDevMode() {
        devMode.close();
    }

    @Test
    @DisplayName("The README's curl request gets a completion event and a stored, simulated log; the banner says so")
    void readmeRequest(CapturedOutput output) throws Exception {
        // Given
        var curl = readmeCurl();
        assertThat(curl.url().getPort()).as("the port in the README").isEqualTo(8080);

        // When
        var reply = send(curl);

        // Then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-type")).hasValue("dev.jobrunner.job.completed");
        assertThat(reply.headers().firstValue("ce-jobstatus")).hasValue("succeeded");
        var job = JobIdentity.of(
                        "wordcount",
                        curl.headers().get("Ce-Source"),
                        curl.headers().get("Ce-Id"))
                .name();
        assertThat(reply.headers().firstValue("ce-subject")).hasValue(job);
        var log = json.readTree(reply.body()).get("log");
        assertThat(log.get("object").stringValue()).isEqualTo("logs/" + job + ".log");
        var stored = storage.read("results", "logs/" + job + ".log").orElseThrow();
        assertThat(new String(stored.content(), StandardCharsets.UTF_8))
                .startsWith("SIMULATED: no container ran.")
                .contains("cgr.dev/chainguard/busybox:latest");
        assertThat(stored.metadata()).containsEntry("jobstatus", "succeeded").containsKey("signature");
        assertThat(output).contains("SIMULATED: no container runs.");
    }

    @Test
    @DisplayName("Images sim/fail and sim/sleep:<ms> fail and sleep as named")
    void simulatedImages() throws Exception {
        // When
        var failing = CompletableFuture.supplyAsync(() -> send("sim-fail", "sim/fail"));
        var sleeping = CompletableFuture.supplyAsync(() -> send("sim-sleep", "sim/sleep:1500"));
        var failed = json.readTree(failing.join().body());
        var slept = json.readTree(sleeping.join().body());

        // Then
        assertThat(failed.get("status").stringValue()).isEqualTo("failed");
        assertThat(failed.get("reason").stringValue()).isEqualTo("BackoffLimitExceeded");
        assertThat(slept.get("status").stringValue()).isEqualTo("succeeded");
        var sleepLog =
                storage.read("results", slept.at("/log/object").stringValue()).orElseThrow();
        assertThat(new String(sleepLog.content(), StandardCharsets.UTF_8)).endsWith("slept 1500 ms\n");
    }

    /** The first curl command of the README's "Send a job", as written there. */
    private static Curl readmeCurl() throws Exception {
        var readme = Files.readString(Path.of("..", "README.md"));
        var section = readme.substring(readme.indexOf("## Send a job"));
        var start = section.indexOf("```sh") + "```sh".length();
        var command = section.substring(start, section.indexOf("```", start)).replace("\\\n", " ");
        var url = CURL_URL.matcher(command);
        var data = CURL_DATA.matcher(command);
        assertThat(url.find()).as("a curl -si URL in " + command).isTrue();
        assertThat(data.find()).as("a -d body in " + command).isTrue();
        var headers = new LinkedHashMap<String, String>();
        var header = CURL_HEADER.matcher(command);
        while (header.find()) {
            headers.put(header.group(1), header.group(2));
        }
        return new Curl(URI.create(url.group(1)), headers, data.group(1));
    }

    private HttpResponse<String> send(Curl curl) throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + curl.url().getPath()))
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(curl.data()));
        curl.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String id, String image) {
        try {
            return send(new Curl(
                    URI.create("http://localhost:8080/"),
                    Map.of(
                            "Ce-Specversion", "1.0",
                            "Ce-Id", id,
                            "Ce-Source", "/dev-mode-test",
                            "Ce-Type", "dev.jobrunner.job.requested",
                            "Content-Type", "application/json"),
                    """
                    {"image":"%s","jobName":"simulated","timeOut":1,"inputBucket":"corpus","outputBucket":"results"}""".formatted(image)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A curl command.
     *
     * @param url where it posts
     * @param headers its {@code -H} headers, in order
     * @param data its {@code -d} body
     */
    private record Curl(URI url, Map<String, String> headers, String data) {}
}
