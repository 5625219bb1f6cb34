package dev.jobrunner.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.jobrunner.deploy.QueueTopology.Queue;
import dev.jobrunner.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The RabbitMQ topology of {@code eventing/} at work on a real broker (Debian's RabbitMQ 3.10, which
 * {@code .ci/run} starts on loopback). Each test declares exactly the exchanges, queues and bindings
 * the manifests declare, with two changes: every name and routing key gets a prefix of its own, so
 * that runs never share a queue, and every {@code x-message-ttl} is divided by {@link
 * #DELAY_DIVISOR}, so that the ladder's minutes pass in milliseconds. A consumer then rejects every
 * delivery as the RabbitmqSource does when the Broker refuses an event: {@code basic.nack} without
 * requeue, with a prefetch of 100 (eventing-rabbitmq 1.22 {@code pkg/adapter/adapter.go}).
 */
class RabbitMqTopologyIntegrationTests {

    /** 1 minute of the manifests is 60 ms here. */
    private static final long DELAY_DIVISOR = 1000;
    /** RabbitMQ stamps a message's arrival to the millisecond, so it may expire up to that much early. */
    private static final Duration CLOCK_GRAIN = Duration.ofMillis(2);
    /** How much later than its delay a message may come back: a busy two-core machine, a quorum queue's timer. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private static Connection connection;
    private static QueueTopology manifests;
    private static String workQueueName;

    private QueueTopology topology;
    private String prefix;
    private Channel channel;
    private RejectingSource source;

    @BeforeAll
    static void connect() {
        var eventing = Manifests.of("eventing");
        manifests = QueueTopology.of(eventing);
        workQueueName = eventing.get("RabbitmqSource", "job-requests")
                .at("/spec/rabbitmqResourcesConfig/queueName")
                .stringValue();
        connection = TestBroker.connect("job-runner topology test");
    }

    @AfterAll
    static void disconnect() throws IOException {
        if (connection != null) {
            connection.close();
        }
    }

    @BeforeEach
    void declare() throws Exception {
        prefix = "job-runner-test-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topology = manifests.renamed(prefix).withMessageTtls(ttl -> ttl / DELAY_DIVISOR);
        channel = connection.createChannel();
        topology.declare(channel);
        source = new RejectingSource(connection.createChannel(), prefix + workQueueName);
    }

    @AfterEach
    void delete() throws Exception {
        source.close();
        channel.close();
        topology.delete(connection);
    }

    @Test
    @DisplayName("A request the source rejects comes back by itself after each delay, then parks, its payload and"
            + " headers unchanged")
    void rejectedRequestComesBackAfterEachDelayThenParks() throws Exception {
        // Given: a request as the original worker's clients publish it, with what the README asks for
        var rungs = topology.queues().stream()
                .filter(queue -> queue.messageTtl() != null)
                .sorted(Comparator.comparing(Queue::messageTtl))
                .toList();
        var body = """
                {"image":"registry.example/wordsearch:1","jobName":"wordsearch","inputBucket":"corpus","prefix":"in/"}""".getBytes(StandardCharsets.UTF_8);
        var sent = properties("wordsearch-0001", Map.of("client", "seed-worker", "trace", "4711"));

        // When: it is published to the work queue and every delivery is rejected
        channel.basicPublish("", prefix + workQueueName, sent, body);

        // Then: one delivery, one more after each rung's delay, in the order of the delays
        var deliveries = new ArrayList<Rejection>();
        deliveries.add(source.next(SLACK));
        for (var rung : rungs) {
            var previous = deliveries.getLast();
            var delivery = source.next(Duration.ofMillis(rung.messageTtl()).plus(SLACK));
            assertThat(delivery).as("delivery after %s", rung.name()).isNotNull();
            assertThat(lastDeath(delivery.properties()))
                    .as("where delivery %d waited", deliveries.size() + 1)
                    .containsEntry("queue", rung.name())
                    .containsEntry("reason", "expired");
            assertThat(Duration.ofNanos(delivery.rejectedAt() - previous.rejectedAt()))
                    .as("time in %s", rung.name())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(rung.messageTtl()).minus(CLOCK_GRAIN));
            deliveries.add(delivery);
        }
        assertThat(deliveries).hasSize(rungs.size() + 1).allSatisfy(delivery -> {
            assertThat(delivery.body()).isEqualTo(body);
            assertUnchanged(delivery.properties(), sent);
        });

        // Then: after its last rejection it waits in the parked queue, and never comes back
        var parked = parked();
        assertThat(parked.getBody()).isEqualTo(body);
        assertUnchanged(parked.getProps(), sent);
        assertThat(deaths(parked.getProps()))
                .as("x-death of the parked message")
                .contains(death(prefix + workQueueName, "rejected", rungs.size() + 1))
                .containsAll(rungs.stream()
                        .map(rung -> death(rung.name(), "expired", 1))
                        .toList());
        assertThat(source.next(Duration.ofMillis(500)))
                .as("a delivery after parking")
                .isNull();
        for (var queue : topology.queues()) {
            assertThat(channel.queueDeclarePassive(queue.name()).getMessageCount())
                    .as("messages left in %s", queue.name())
                    .isZero();
        }
    }

    @Test
    @DisplayName("A request with a routing key no rung knows parks at its first rejection instead of being dropped")
    void unknownRoutingKeyParksAtOnce() throws Exception {
        // Given: a request that reached the work queue under another routing key, through the
        // exchange that leads back into it (fanout: the key stays as published)
        var body = "{\"jobName\":\"elsewhere\"}".getBytes(StandardCharsets.UTF_8);
        var sent = properties("elsewhere-0001", Map.of("client", "another-publisher"));
        var intoWorkQueue = topology.bindings().stream()
                .filter(binding -> binding.destination().equals(prefix + workQueueName))
                .findFirst()
                .orElseThrow()
                .source();

        // When: it is published there and rejected
        channel.basicPublish(intoWorkQueue, "not-a-rung", sent, body);

        // Then: one delivery, then parked with its one rejection on record
        assertThat(source.next(SLACK)).isNotNull();
        var parked = parked();
        assertThat(parked.getBody()).isEqualTo(body);
        assertUnchanged(parked.getProps(), sent);
        assertThat(deaths(parked.getProps())).containsExactly(death(prefix + workQueueName, "rejected", 1));
        assertThat(source.next(Duration.ofMillis(500))).isNull();
    }

    /** The parked message, once it is there. */
    private GetResponse parked() {
        var parked = new AtomicReference<GetResponse>();
        await().atMost(SLACK).pollInterval(Duration.ofMillis(50)).until(() -> {
            parked.set(channel.basicGet(prefix + DeadLetterTopologyTests.PARKED, true));
            return parked.get() != null;
        });
        return parked.get();
    }

    /** Persistent JSON with a stable message_id, as the README asks publishers to send. */
    private static AMQP.BasicProperties properties(String messageId, Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder()
                .messageId(messageId)
                .contentType("application/json")
                .deliveryMode(2)
                .headers(headers)
                .build();
    }

    /** What the RabbitmqSource turns into the event (id, datacontenttype) and the publisher's headers are as sent. */
    private static void assertUnchanged(AMQP.BasicProperties received, AMQP.BasicProperties sent) {
        assertThat(received.getMessageId()).isEqualTo(sent.getMessageId());
        assertThat(received.getContentType()).isEqualTo(sent.getContentType());
        assertThat(received.getDeliveryMode()).isEqualTo(sent.getDeliveryMode());
        assertThat(received.getExpiration()).isNull();
        assertThat(publisherHeaders(received)).isEqualTo(publisherHeaders(sent));
    }

    /** Headers without those RabbitMQ adds on dead-lettering (x-death, x-first-death-*). */
    private static Map<String, String> publisherHeaders(AMQP.BasicProperties properties) {
        var headers = new TreeMap<String, String>();
        properties.getHeaders().forEach((key, value) -> {
            if (!key.startsWith("x-")) {
                headers.put(key, value.toString());
            }
        });
        return headers;
    }

    /** The x-death entries as (queue, reason, count), newest first. */
    @SuppressWarnings("unchecked")
    private static List<String> deaths(AMQP.BasicProperties properties) {
        var deaths = (List<Map<String, Object>>) properties.getHeaders().get("x-death");
        return deaths.stream()
                .map(death ->
                        death(death.get("queue").toString(), death.get("reason").toString(), (Long) death.get("count")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> lastDeath(AMQP.BasicProperties properties) {
        var deaths = (List<Map<String, Object>>) properties.getHeaders().get("x-death");
        return Map.of(
                "queue", deaths.getFirst().get("queue").toString(),
                "reason", deaths.getFirst().get("reason").toString());
    }

    private static String death(String queue, String reason, long count) {
        return queue + " " + reason + " x" + count;
    }

    /** One delivery: what arrived, and when it was rejected ({@link System#nanoTime()}). */
    record Rejection(AMQP.BasicProperties properties, byte[] body, long rejectedAt) {}

    /** Consumes a queue and rejects every delivery without requeue, as the RabbitmqSource does. */
    private static final class RejectingSource implements AutoCloseable {

        private final Channel channel;
        private final BlockingQueue<Rejection> rejections = new LinkedBlockingQueue<>();

        RejectingSource(Channel channel, String queue) throws IOException {
            this.channel = channel;
            // The adapter's fixed prefetch (pkg/rabbit/connections_handler.go ChannelQoS).
            channel.basicQos(100);
            channel.basicConsume(
                    queue,
                    false,
                    (tag, delivery) -> {
                        // Taken before the nack leaves: the broker cannot have acted on it earlier.
                        var rejectedAt = System.nanoTime();
                        channel.basicNack(delivery.getEnvelope().getDeliveryTag(), false, false);
                        rejections.add(new Rejection(delivery.getProperties(), delivery.getBody(), rejectedAt));
                    },
                    tag -> {});
        }

        /** The next rejected delivery, or null if none comes within the time given. */
        Rejection next(Duration within) throws InterruptedException {
            return rejections.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws Exception {
            channel.close();
        }
    }
}
