package dev.jobrunner.deploy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.jobrunner.deploy.Manifests.Manifest;
import tools.jackson.databind.JsonNode;

/**
 * The exchanges, queues and bindings that manifests ask the RabbitMQ messaging topology operator to
 * declare, read as the operator (1.20) reads them: {@code internal/queue_settings.go} declares a queue
 * with its {@code type} (as {@code x-queue-type}), {@code durable} (false unless set), {@code autoDelete}
 * and {@code arguments} as written, in vhost {@code /} unless {@code vhost} says otherwise; exchanges and
 * bindings likewise.
 */
record QueueTopology(List<Exchange> exchanges, List<Queue> queues, List<Binding> bindings) {

    /** Arguments whose value names an exchange or a routing key, so they follow a renaming. */
    private static final Set<String> NAMING_ARGUMENTS =
            Set.of("x-dead-letter-exchange", "x-dead-letter-routing-key", "alternate-exchange");

    /** Topology kinds that AMQP 0-9-1 cannot declare: a test of such a topology needs the management API. */
    private static final Set<String> UNDECLARABLE = Set.of("Policy", "OperatorPolicy", "Shovel", "Federation");

    /** The RabbitMQ objects among these manifests. */
    static QueueTopology of(Manifests manifests) {
        for (var kind : UNDECLARABLE) {
            if (!manifests.ofKind(kind).isEmpty()) {
                throw new IllegalStateException("the manifests declare a " + kind
                        + ", which AMQP cannot declare: teach QueueTopology to apply it");
            }
        }
        for (var manifest : manifests.all()) {
            if (manifest.apiVersion().startsWith("rabbitmq.com/")
                    && !manifest.at("/spec/vhost").stringValue("/").equals("/")) {
                throw new IllegalStateException(manifest + " names a vhost other than /");
            }
        }
        return new QueueTopology(
                manifests.ofKind("Exchange").stream().map(Exchange::of).toList(),
                manifests.ofKind("Queue").stream().map(Queue::of).toList(),
                manifests.ofKind("Binding").stream().map(Binding::of).toList());
    }

    Queue queue(String name) {
        return queues.stream()
                .filter(queue -> queue.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queue " + name));
    }

    Exchange exchange(String name) {
        return exchanges.stream()
                .filter(exchange -> exchange.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no exchange " + name));
    }

    /**
     * The same topology with every exchange and queue name and every routing key prefixed, in
     * bindings and in the arguments that name them: the same graph, under names no other run uses.
     */
    QueueTopology renamed(String prefix) {
        Function<String, String> rename = name -> name.isEmpty() ? name : prefix + name;
        Function<Map<String, Object>, Map<String, Object>> arguments = original -> {
            var renamed = new LinkedHashMap<>(original);
            renamed.replaceAll((key, value) -> NAMING_ARGUMENTS.contains(key) ? rename.apply((String) value) : value);
            return renamed;
        };
        return new QueueTopology(
                exchanges.stream()
                        .map(e -> new Exchange(
                                rename.apply(e.name()),
                                e.type(),
                                e.durable(),
                                e.autoDelete(),
                                arguments.apply(e.arguments())))
                        .toList(),
                queues.stream()
                        .map(q -> new Queue(
                                rename.apply(q.name()),
                                q.type(),
                                q.durable(),
                                q.autoDelete(),
                                arguments.apply(q.arguments()),
                                q.deletionPolicy()))
                        .toList(),
                bindings.stream()
                        .map(b -> new Binding(
                                rename.apply(b.source()),
                                rename.apply(b.destination()),
                                b.destinationType(),
                                rename.apply(b.routingKey()),
                                arguments.apply(b.arguments())))
                        .toList());
    }

    /** The same topology with every queue's {@code x-message-ttl} (milliseconds) changed, and nothing else. */
    QueueTopology withMessageTtls(LongUnaryOperator change) {
        return new QueueTopology(
                exchanges,
                queues.stream()
                        .map(q -> {
                            var arguments = new LinkedHashMap<>(q.arguments());
                            arguments.computeIfPresent(
                                    "x-message-ttl", (key, ttl) -> change.applyAsLong(((Number) ttl).longValue()));
                            return new Queue(
                                    q.name(), q.type(), q.durable(), q.autoDelete(), arguments, q.deletionPolicy());
                        })
                        .toList(),
                bindings);
    }

    /** Declares exchanges, then queues, then bindings, as the operator would. */
    void declare(Channel channel) throws IOException {
        for (var exchange : exchanges) {
            channel.exchangeDeclare(
                    exchange.name(), exchange.type(), exchange.durable(), exchange.autoDelete(), exchange.arguments());
        }
        for (var queue : queues) {
            var arguments = new LinkedHashMap<>(queue.arguments());
            if (!queue.type().isEmpty()) {
                arguments.put("x-queue-type", queue.type());
            }
            channel.queueDeclare(queue.name(), queue.durable(), false, queue.autoDelete(), arguments);
        }
        for (var binding : bindings) {
            if (binding.destinationType().equals("exchange")) {
                channel.exchangeBind(
                        binding.destination(), binding.source(), binding.routingKey(), binding.arguments());
            } else {
                channel.queueBind(binding.destination(), binding.source(), binding.routingKey(), binding.arguments());
            }
        }
    }

    /**
     * Deletes every queue and exchange, each on a channel of its own (a failed AMQP call closes its
     * channel); the first failure is thrown once all were tried, the others attached to it.
     */
    void delete(Connection connection) throws IOException {
        IOException failure = null;
        for (var queue : queues) {
            failure = attempt(connection, channel -> channel.queueDelete(queue.name()), failure);
        }
        for (var exchange : exchanges) {
            failure = attempt(connection, channel -> channel.exchangeDelete(exchange.name()), failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException attempt(Connection connection, ChannelCall call, IOException failure) {
        try (var channel = connection.createChannel()) {
            call.on(channel);
            return failure;
        } catch (IOException | TimeoutException e) {
            var wrapped = e instanceof IOException io ? io : new IOException(e);
            if (failure == null) {
                return wrapped;
            }
            failure.addSuppressed(wrapped);
            return failure;
        }
    }

    @FunctionalInterface
    private interface ChannelCall {
        void on(Channel channel) throws IOException;
    }

    /** A JSON object of arguments as AMQP table values: strings, longs, booleans. */
    private static Map<String, Object> table(JsonNode arguments) {
        var values = new LinkedHashMap<String, Object>();
        for (var entry : arguments.properties()) {
            var value = entry.getValue();
            values.put(
                    entry.getKey(),
                    switch (value.getNodeType()) {
                        case STRING -> value.stringValue();
                        case BOOLEAN -> value.booleanValue();
                        case NUMBER -> {
                            if (!value.canConvertToExactIntegral()) {
                                throw new IllegalStateException(
                                        "argument " + entry.getKey() + " is not whole: " + value);
                            }
                            yield value.longValue();
                        }
                        default ->
                            throw new IllegalStateException(
                                    "argument " + entry.getKey() + " is a " + value.getNodeType());
                    });
        }
        return values;
    }

    record Exchange(String name, String type, boolean durable, boolean autoDelete, Map<String, Object> arguments) {

        static Exchange of(Manifest manifest) {
            return new Exchange(
                    manifest.at("/spec/name").stringValue(),
                    // The CRD's default.
                    manifest.at("/spec/type").stringValue("direct"),
                    manifest.at("/spec/durable").asBoolean(false),
                    manifest.at("/spec/autoDelete").asBoolean(false),
                    table(manifest.at("/spec/arguments")));
        }

        String argument(String key) {
            var value = arguments.get(key);
            return value == null ? null : value.toString();
        }
    }

    record Queue(
            String name,
            String type,
            boolean durable,
            boolean autoDelete,
            Map<String, Object> arguments,
            String deletionPolicy) {

        static Queue of(Manifest manifest) {
            return new Queue(
                    manifest.at("/spec/name").stringValue(),
                    manifest.at("/spec/type").stringValue(""),
                    manifest.at("/spec/durable").asBoolean(false),
                    manifest.at("/spec/autoDelete").asBoolean(false),
                    table(manifest.at("/spec/arguments")),
                    // The CRD's default.
                    manifest.at("/spec/deletionPolicy").stringValue("delete"));
        }

        /** {@code x-message-ttl}, if the queue has one. */
        Long messageTtl() {
            return (Long) arguments.get("x-message-ttl");
        }

        String argument(String key) {
            var value = arguments.get(key);
            return value == null ? null : value.toString();
        }
    }

    record Binding(
            String source,
            String destination,
            String destinationType,
            String routingKey,
            Map<String, Object> arguments) {

        static Binding of(Manifest manifest) {
            return new Binding(
                    manifest.at("/spec/source").stringValue(""),
                    manifest.at("/spec/destination").stringValue(""),
                    manifest.at("/spec/destinationType").stringValue("queue"),
                    manifest.at("/spec/routingKey").stringValue(""),
                    table(manifest.at("/spec/arguments")));
        }
    }
}
