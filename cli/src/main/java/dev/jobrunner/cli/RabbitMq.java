package dev.jobrunner.cli;

import java.net.URI;

/**
 * Where to publish the request instead of sending it over HTTP.
 *
 * @param uri the broker, {@code amqp://host:port/vhost}, without credentials when printed
 * @param username user, from the environment or the URI; {@code null} for the client's default
 * @param password password, from the environment or the URI; {@code null} for the client's default
 * @param queue the routing key on the default exchange: the queue the RabbitmqSource reads
 */
record RabbitMq(URI uri, String username, String password, String queue) {

    /** The broker's address without user or password, to print. */
    String address() {
        return withoutUserInfo(uri);
    }

    static String withoutUserInfo(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    }

    @Override
    public String toString() {
        return "RabbitMq[" + address() + ", queue=" + queue + "]";
    }
}
