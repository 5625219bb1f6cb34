package dev.jobrunner.cli;

import java.util.concurrent.CompletableFuture;

/** Hands the request to job-runner: over HTTP to the function or a Broker, or to RabbitMQ. */
interface Delivery {

    /** Where it goes, to print: never with credentials. */
    String destination();

    /**
     * Sends the request.
     *
     * @return completes with the answer once there is one: at once for a Broker or RabbitMQ, when
     *     the Job has ended for the function itself; exceptionally when it was refused or could
     *     not be delivered
     */
    CompletableFuture<String> send(Options options);
}
