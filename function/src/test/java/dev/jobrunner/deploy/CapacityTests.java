package dev.jobrunner.deploy;

import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity settings agree: what Knative sends one instance, what the function awaits at once,
 * and what its calls to the API server may take of one HTTP/2 connection.
 */
class CapacityTests {

    /** kube-apiserver's streams per HTTP/2 connection (and fabric8's mock server's). */
    private static final int API_SERVER_STREAMS = 100;

    /** The informers' listings, one each for Jobs and pods, made outside the guard. */
    private static final int INFORMER_LISTINGS = 2;

    private static Properties application;
    private static Manifests.Manifest service;

    @BeforeAll
    static void load() {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yaml"));
        application = yaml.getObject();
        service = Manifests.of("knative/base").get("Service", "job-runner");
    }

    @Test
    @DisplayName(
            "Knative sends an instance no more deliveries than its jobs bulkhead awaits, and scales out before that")
    void containerConcurrencyMatchesTheJobsBulkhead() {
        var containerConcurrency =
                service.at("/spec/template/spec/containerConcurrency").asInt();
        var target = Integer.parseInt(service.at("/spec/template/metadata/annotations/autoscaling.knative.dev~1target")
                .stringValue());

        assertThat(containerConcurrency)
                .as("a hard limit, sized from memory")
                .isPositive()
                .isEqualTo(bulkhead("jobs"));
        assertThat(target).isPositive().isLessThan(containerConcurrency);
    }

    @Test
    @DisplayName("Jetty runs every delivery Knative sends an instance at once, with room for its own work")
    void jettyNeverHoldsADeliveryBack() {
        var containerConcurrency =
                service.at("/spec/template/spec/containerConcurrency").asInt();

        assertThat(Integer.parseInt(application.getProperty("server.jetty.threads.max")))
                .isGreaterThan(2 * containerConcurrency);
    }

    @Test
    @DisplayName(
            "The API calls in flight, with the informers' listings and the log bodies still streaming, fit one HTTP/2 connection")
    void apiCallsInFlightStayBelowTheStreamLimit() {
        // A log body streams on after its guarded open, at most one per upload.
        var streamingLogs = bulkhead("uploads");

        assertThat(bulkhead("kubernetes") + INFORMER_LISTINGS + streamingLogs).isLessThan(API_SERVER_STREAMS);
    }

    private static int bulkhead(String name) {
        return Integer.parseInt(
                application.getProperty("resilience4j.bulkhead.instances." + name + ".max-concurrent-calls"));
    }
}
