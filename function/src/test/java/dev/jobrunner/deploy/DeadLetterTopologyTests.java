package dev.jobrunner.deploy;

import java.util.ArrayList;
import java.util.List;

import dev.jobrunner.deploy.QueueTopology.Binding;
import dev.jobrunner.deploy.QueueTopology.Queue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules the RabbitMQ topology of {@code eventing/} must keep for no message to be lost between
 * the queue and the Broker, where RabbitMQ would otherwise drop it silently. {@link
 * RabbitMqTopologyIntegrationTests} shows the same topology at work on a real broker.
 */
class DeadLetterTopologyTests {

    /** Where the ladder ends, for an operator: the README tells them to look here. */
    static final String PARKED = "job-requests.parked";

    private static QueueTopology topology;
    private static Queue workQueue;

    @BeforeAll
    static void load() {
        var eventing = Manifests.of("eventing");
        topology = QueueTopology.of(eventing);
        workQueue = topology.queue(eventing.get("RabbitmqSource", "job-requests")
                .at("/spec/rabbitmqResourcesConfig/queueName")
                .stringValue());
    }

    @Test
    @DisplayName("Every queue is a durable quorum queue that stays in RabbitMQ when its Queue object is deleted")
    void queuesAreDurableAndRetained() {
        assertThat(topology.queues()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(queue -> {
            assertThat(queue.type()).as("type of %s", queue.name()).isEqualTo("quorum");
            assertThat(queue.durable()).as("durable %s", queue.name()).isTrue();
            assertThat(queue.autoDelete()).as("autoDelete %s", queue.name()).isFalse();
            assertThat(queue.deletionPolicy())
                    .as("deletionPolicy of %s", queue.name())
                    .isEqualTo("retain");
        });
        assertThat(topology.exchanges())
                .allSatisfy(exchange -> assertThat(exchange.durable())
                        .as("durable %s", exchange.name())
                        .isTrue());
    }

    @Test
    @DisplayName(
            "Every queue that dead-letters does it at least once: RabbitMQ's default drops a message whose hop fails")
    void deadLetteringIsAtLeastOnce() {
        var deadLettering = topology.queues().stream()
                .filter(queue -> queue.argument("x-dead-letter-exchange") != null)
                .toList();

        assertThat(deadLettering).contains(workQueue).allSatisfy(queue -> {
            assertThat(queue.argument("x-dead-letter-strategy"))
                    .as("strategy of %s", queue.name())
                    .isEqualTo("at-least-once");
            assertThat(queue.argument("x-overflow"))
                    .as("overflow of %s: without reject-publish RabbitMQ falls back to at-most-once", queue.name())
                    .isEqualTo("reject-publish");
            assertThat(queue.argument("x-max-length")).isNull();
            assertThat(queue.argument("x-max-length-bytes")).isNull();
        });
    }

    @Test
    @DisplayName("The work queue dead-letters only what the source rejects, so a returning message is never taken"
            + " for a dead-letter cycle and dropped")
    void workQueueDeadLettersOnlyRejections() {
        assertThat(workQueue.messageTtl()).isNull();
        assertThat(workQueue.argument("x-expires")).isNull();
        assertThat(Long.parseLong(workQueue.argument("x-delivery-limit")))
                .as("above RabbitMQ 4's default of 20 requeues")
                .isGreaterThanOrEqualTo(1000);
        assertThat(Long.parseLong(topology.queue(PARKED).argument("x-delivery-limit")))
                .as("RabbitMQ 4 drops a parked message looked at 20 times in the management UI")
                .isGreaterThanOrEqualTo(1000);
    }

    @Test
    @DisplayName("A rejected message climbs rungs of growing delays, each leading back to the work queue, then parks")
    void ladderComesBackWithGrowingDelaysThenParks() {
        var retry = topology.exchange(workQueue.argument("x-dead-letter-exchange"));
        // Publishers go through the default exchange: the routing key is the queue's name.
        var routingKey = workQueue.name();
        var rungs = new ArrayList<Queue>();

        var next = route(retry.name(), routingKey);
        while (next.messageTtl() != null) {
            assertThat(rungs).as("a rung used twice is a loop").doesNotContain(next);
            rungs.add(next);
            var back = route(next.argument("x-dead-letter-exchange"), next.argument("x-dead-letter-routing-key"));
            assertThat(back)
                    .as("where %s sends an expired message", next.name())
                    .isEqualTo(workQueue);
            routingKey = next.argument("x-dead-letter-routing-key");
            next = route(retry.name(), routingKey);
        }

        assertThat(next.name()).isEqualTo(PARKED);
        assertThat(next.argument("x-dead-letter-exchange"))
                .as("parked messages stay")
                .isNull();
        assertThat(rungs).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rungs.stream().map(Queue::messageTtl).toList())
                .as("delays, in the order a message meets them")
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(route(retry.argument("alternate-exchange"), "no rung has this key"))
                .as("where a routing key no rung knows goes")
                .isEqualTo(next);
    }

    /** The one queue a direct or fanout exchange routes this key to. */
    private static Queue route(String exchange, String routingKey) {
        var type = topology.exchange(exchange).type();
        List<Binding> matching = topology.bindings().stream()
                .filter(binding -> binding.source().equals(exchange))
                .filter(binding -> type.equals("fanout") || binding.routingKey().equals(routingKey))
                .toList();
        assertThat(type).isIn("direct", "fanout");
        assertThat(matching)
                .as("bindings of %s for %s", exchange, routingKey)
                .hasSize(1)
                .allSatisfy(binding -> assertThat(binding.destinationType()).isEqualTo("queue"));
        return topology.queue(matching.getFirst().destination());
    }
}
