package dev.jobrunner.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.jobrunner.JobRunnerApplication;
import dev.jobrunner.testing.JobRequests;
import dev.jobrunner.testing.JobScript;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.S3TestStorage;
import dev.jobrunner.testing.TestBroker;
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
import static org.awaitility.Awaitility.await;

/**
 * The CLI publishing to a real RabbitMQ. The test plays the RabbitmqSource: it takes the message
 * off the queue and delivers it to the function as the source does (eventing-rabbitmq
 * {@code pkg/rabbit/message.go}, {@code ConvertToCloudEvent}: id from {@code message_id}, source
 * {@code /apis/v1/namespaces/NS/rabbitmqsources/NAME#QUEUE} from
 * {@code pkg/apis/sources/v1alpha1/rabbitmq_types.go}, {@code datacontenttype} from
 * {@code content_type}); the CLI sees the Job end through its record only.
 */
@SpringBootTest(classes = JobRunnerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({KubernetesTestCluster.class, S3TestStorage.class})
class SubmitToRabbitMqIntegrationTests {

    private static final String NAMESPACE = "test";

    @LocalServerPort
    int port;

    @Autowired
    TestJobController cluster;

    @Autowired
    S3Server s3;

    Connection connection;
    Channel channel;
    String queue;
    Map<String, String> env;

    @BeforeEach
    void declareQueue() throws Exception {
        connection = TestBroker.connect("job-runner CLI test");
        channel = connection.createChannel();
        queue = channel.queueDeclare().getQueue();
        env = CliRun.storageEnvironment(s3);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        cluster.verifyNoFailures();
    }

    @Test
    @DisplayName(
            "Published with message_id and content_type; once the source delivered it, the record ends the wait with exit 0")
    void publishedAndCompleted() throws Exception {
        // Given
        cluster.script("cli-queued", JobScript.succeeds("from the queue\n"));
        var request = JobRequests.request("cli-queued").json();

        // When
        var run = CompletableFuture.supplyAsync(() -> CliRun.of(
                env,
                "--rabbitmq",
                TestBroker.uri(),
                "--queue",
                queue,
                "--namespace",
                NAMESPACE,
                "--id",
                "order-4712",
                "--poll",
                "50ms",
                "--follow",
                request));
        var message = new AtomicReference<GetResponse>();
        await().until(() -> {
            message.set(channel.basicGet(queue, true));
            return message.get() != null;
        });
        var reply = deliverAsTheSourceDoes(message.get());

        // Then
        var properties = message.get().getProps();
        assertThat(properties.getMessageId()).isEqualTo("order-4712");
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(new String(message.get().getBody(), StandardCharsets.UTF_8)).isEqualTo(request);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        var cli = run.join();
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("from the queue\n");
        assertThat(cli.err())
                .contains("to queue " + queue + " at amqp://127.0.0.1:5672/")
                .contains("succeeded: CompletionsReached")
                .doesNotContain("guest:guest");
    }

    @Test
    @DisplayName("No such queue: the broker returns the message, exit 3 saying so")
    void noSuchQueue() {
        var run = CliRun.of(
                env,
                "--rabbitmq",
                TestBroker.uri(),
                "--queue",
                "job-runner-cli-test-no-such-queue",
                JobRequests.request("cli-unroutable").json());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("has no queue job-runner-cli-test-no-such-queue");
    }

    private HttpResponse<String> deliverAsTheSourceDoes(GetResponse message) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Ce-Specversion", "1.0")
                .header("Ce-Id", message.getProps().getMessageId())
                .header("Ce-Source", "/apis/v1/namespaces/" + NAMESPACE + "/rabbitmqsources/job-requests#" + queue)
                .header("Ce-Type", "dev.knative.rabbitmq.event")
                .header("Content-Type", message.getProps().getContentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.getBody()))
                .build();
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
