package dev.jobrunner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;

/**
 * A message as publishers of the original worker send it: the request as the body, to the queue
 * through the default exchange, with the two properties the RabbitmqSource reads: {@code message_id}
 * becomes the event's id, {@code content_type} its {@code datacontenttype}. Published mandatory and
 * confirmed, so that a missing queue or a refusing broker is an error, not a lost request.
 */
final class RabbitMqDelivery implements Delivery {

    private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

    private final RabbitMq broker;

    RabbitMqDelivery(RabbitMq broker) {
        this.broker = broker;
    }

    @Override
    public String destination() {
        return "queue " + broker.queue() + " at " + broker.address();
    }

    @Override
    public CompletableFuture<String> send(Options options) {
        try {
            publish(options);
            return CompletableFuture.completedFuture("published to " + destination());
        } catch (DeliveryRefusedException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** amqp-client wraps what the broker said (a refused login, an unknown vhost) without a message. */
    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private void publish(Options options) {
        var factory = new ConnectionFactory();
        try {
            factory.setUri(broker.uri());
        } catch (GeneralSecurityException e) {
            throw new DeliveryRefusedException("cannot use --rabbitmq " + broker.address() + ": " + e.getMessage(), e);
        }
        if (broker.username() != null) {
            factory.setUsername(broker.username());
        }
        if (broker.password() != null) {
            factory.setPassword(broker.password());
        }
        factory.setConnectionTimeout(10_000);
        var properties = new AMQP.BasicProperties.Builder()
                .messageId(options.eventId())
                .contentType("application/json")
                .deliveryMode(2)
                .build();
        var returned = new AtomicReference<String>();
        try (var connection = factory.newConnection("job-runner-cli");
                var channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.addReturnListener(message -> returned.set(message.getReplyText()));
            channel.basicPublish(
                    "",
                    broker.queue(),
                    true,
                    properties,
                    options.request().json().getBytes(StandardCharsets.UTF_8));
            // A broker returns an unroutable message before it confirms it.
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
        } catch (IOException | TimeoutException e) {
            throw new DeliveryRefusedException("could not publish to " + destination() + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryRefusedException("interrupted while publishing to " + destination(), e);
        }
        if (returned.get() != null) {
            throw new DeliveryRefusedException(broker.address() + " has no queue " + broker.queue()
                    + " to route the request to (" + returned.get() + ")");
        }
    }
}
