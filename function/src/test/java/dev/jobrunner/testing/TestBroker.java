package dev.jobrunner.testing;

import java.net.URI;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real RabbitMQ that tests publish to and consume from: the local one, or another named by
 * {@value #URI_VARIABLE}. A test without one fails, saying how to start one.
 */
public final class TestBroker {

    /** An {@code amqp://} URI of the broker to use instead of the local one. */
    public static final String URI_VARIABLE = "JOBRUNNER_TEST_RABBITMQ_URI";

    // The guest user may log in from loopback only.
    private static final String LOCAL_BROKER = "amqp://guest:guest@127.0.0.1:5672/%2F";

    private TestBroker() {}

    /** The broker's URI, with its credentials. */
    public static String uri() {
        return System.getenv().getOrDefault(URI_VARIABLE, LOCAL_BROKER);
    }

    public static Connection connect(String connectionName) {
        var uri = uri();
        var factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
            factory.setConnectionTimeout(5_000);
            return factory.newConnection(connectionName);
        } catch (Exception e) {
            return fail("No RabbitMQ at " + withoutPassword(uri) + " (" + e + "). This test needs a real broker: "
                    + "apt-get update && apt-get install -y rabbitmq-server, then start it on loopback as .ci/run"
                    + " does (README, Tests), or set " + URI_VARIABLE + " to an amqp:// URI of another one.");
        }
    }

    private static String withoutPassword(String uri) {
        var parsed = URI.create(uri);
        var user = parsed.getUserInfo() == null ? "" : parsed.getUserInfo().split(":", 2)[0] + "@";
        return parsed.getScheme() + "://" + user + parsed.getHost() + ":" + parsed.getPort() + parsed.getRawPath();
    }
}
