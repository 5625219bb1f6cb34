package dev.jobrunner.cli;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the CLI says about a command line it cannot use, before it sends anything. */
class CommandLineTests {

    private static final String REQUEST = """
            {"image":"sim/fail","jobName":"wordcount","inputBucket":"corpus"}""";
    private static final Map<String, String> ENV =
            Map.of("JOBRUNNER_STORAGE_ACCESSKEY", "access", "JOBRUNNER_STORAGE_SECRETKEY", "very-secret-key");

    @Test
    @DisplayName("--help prints the options and every exit code, and exits 0")
    void help() {
        var run = CliRun.of(ENV, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("--rabbitmq URI", "--follow", "0  succeeded", "1  failed", "2  timedout", "3  error", "4  no")
                .contains("64 bad arguments");
    }

    @Test
    @DisplayName("Bad arguments exit 64 with a message naming the option, the variable or the field")
    void badArguments() {
        assertRefused(CliRun.of(ENV), "REQUEST is missing");
        assertRefused(CliRun.of(ENV, "--wait", "soon", REQUEST), "--wait must be a whole number with ms, s, m or h");
        assertRefused(CliRun.of(ENV, "--wait", "0s", REQUEST), "--wait must be longer than 0");
        assertRefused(CliRun.of(ENV, "--to", "localhost:8080", REQUEST), "--to must be an http:// or https:// URL");
        assertRefused(
                CliRun.of(ENV, "--to", "http://a/", "--rabbitmq", "amqp://b/", REQUEST),
                "--to and --rabbitmq exclude each other");
        assertRefused(CliRun.of(ENV, "--queue", "q", REQUEST), "--queue is for --rabbitmq only");
        assertRefused(CliRun.of(ENV, "--id", "a", "--id", "b", REQUEST), "--id is given twice");
        assertRefused(CliRun.of(ENV, "--colour", REQUEST), "unknown option --colour");
        assertRefused(
                CliRun.of(ENV, "{\"image\":\"x\",\"inputBucket\":\"corpus\"}"),
                "REQUEST: jobName must be a non-empty string");
        assertRefused(
                CliRun.of(ENV, "{\"image\":\"x\",\"jobName\":\"x\"}"),
                "REQUEST: inputBucket (or outputBucket) must be");
        assertRefused(CliRun.of(ENV, "{\"jobName\":\"x\""), "REQUEST is not JSON");
        assertRefused(
                CliRun.of(ENV, "@/nonexistent/request.json"),
                "REQUEST could not be read from @/nonexistent/request.json");
        assertRefused(
                CliRun.of(Map.of(), REQUEST),
                "JOBRUNNER_STORAGE_ACCESSKEY and JOBRUNNER_STORAGE_SECRETKEY must be set");
    }

    @Test
    @DisplayName("The request can come from standard input")
    void requestFromStandardInput() {
        // Read and parsed: what is refused is the option after it.
        assertRefused(CliRun.withInput("{\"jobName\":\"x\"}", ENV, "-"), "REQUEST: inputBucket (or outputBucket)");
    }

    @Test
    @DisplayName("Credentials in a RabbitMQ URI or the environment never appear in what the CLI prints")
    void noCredentialsPrinted() {
        var run = CliRun.of(ENV, "--rabbitmq", "http://user:rabbit-password@host/", REQUEST);

        assertRefused(run, "--rabbitmq must be an amqp:// or amqps:// URI");
        assertThat(run.err()).doesNotContain("rabbit-password").doesNotContain("very-secret-key");
    }

    private static void assertRefused(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(64);
        assertThat(run.err()).contains(message).contains("Run job-runner-cli --help");
        assertThat(run.out()).isEmpty();
    }
}
