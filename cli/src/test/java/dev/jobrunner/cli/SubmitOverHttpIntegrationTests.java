package dev.jobrunner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.jobrunner.JobRunnerApplication;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.TestJobController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against the function over HTTP, on the test cluster and an S3 server. */
@SpringBootTest(classes = JobRunnerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({KubernetesTestCluster.class, S3TestStorage.class})
class SubmitOverHttpIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @Autowired
    S3Server s3;

    Map<String, String> env;

    @BeforeEach
    void environment() {
        env = CliRun.storageEnvironment(s3);
    }

    @AfterEach
    void clusterRanAsScripted() {
        cluster.verifyNoFailures();
    }

    @Test
    @DisplayName("A Job that succeeds: exit 0, its status and record printed, and with --follow its log")
    void succeeded() {
        // Given
        cluster.script("cli-succeeds", JobScript.succeeds("counted 42 words\n"));

        // When
        var run = submit("cli-succeeds", "--id", "order-4711", "--follow");

        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("counted 42 words\n");
        var job = cluster.jobsFor("cli-succeeds").getFirst().getMetadata().getName();
        assertThat(run.err())
                .contains("sending event order-4711 (source /job-runner-cli) to http://127.0.0.1:" + port + "/")
                .contains("Job " + job + ": waiting for its completion record results/logs/" + job + ".log")
                .contains("succeeded: CompletionsReached (Reached expected number of succeeded pods)")
                .contains("log: results/logs/" + job + ".log, 17 bytes, at " + s3.endpoint())
                .doesNotContain(S3TestStorage.SECRET_KEY);
    }

    @Test
    @DisplayName("A Job whose pod fails: exit 1")
    void failed() {
        cluster.script("cli-fails", JobScript.fails("no input\n"));

        var run = submit("cli-fails");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("failed: BackoffLimitExceeded");
    }

    @Test
    @DisplayName("A Job past its deadline: exit 2")
    void timedOut() {
        cluster.script("cli-times-out", JobScript.exceedsDeadline("still counting\n"));

        var run = submit("cli-times-out");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("timedout: DeadlineExceeded");
    }

    @Test
    @DisplayName("No record within --wait: exit 4, the Job left running")
    void stillWaiting() {
        // Given
        var running = new CompletableFuture<Void>();
        cluster.script("cli-runs-on", JobScript.succeeds("done\n").heldUntil(running));

        // When
        var run = submit("cli-runs-on", "--wait", "1s");

        // Then
        running.complete(null);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
        assertThat(run.err()).contains("no completion record after 1 s (--wait)");
    }

    @Test
    @DisplayName("A request the function refuses: exit 3 with the function's reason, nothing waited for")
    void refused() {
        var run = CliRun.of(
                env,
                "--to",
                "http://127.0.0.1:" + port + "/",
                JobRequests.request("cli-refused").with("timeOut", 600).json());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("answered 400: timeOut: must be a whole number of minutes from 1 to 60");
        assertThat(cluster.jobsFor("cli-refused")).isEmpty();
    }

    @Test
    @DisplayName("No function listening: exit 3, saying where it tried")
    void unreachable() {
        var run = CliRun.of(
                env,
                "--to",
                "http://127.0.0.1:1/",
                JobRequests.request("cli-nowhere").json());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("could not connect to http://127.0.0.1:1/");
    }

    private CliRun submit(String jobName, String... options) {
        var args = new ArrayList<>(List.of("--to", "http://127.0.0.1:" + port + "/", "--poll", "50ms"));
        args.addAll(List.of(options));
        args.add(JobRequests.request(jobName).json());
        return CliRun.of(env, args.toArray(String[]::new));
    }
}
