package dev.jobrunner.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jobrunner.deploy.Manifests.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every hop of a delivery stays open at least as long as the longest delivery the function's own
 * configuration allows: the Job's whole run, the grace past its deadline, and the log upload.
 */
class TimeoutsTests {

    /** Time allowed for streaming a finished Job's log into object storage. */
    private static final Duration LOG_UPLOAD = Duration.ofMinutes(2);

    private static Duration longestDelivery;
    private static Manifest service;
    private static Manifests eventing;

    @BeforeAll
    static void load() {
        var knative = Manifests.of("knative");
        service = knative.get("Service", "job-runner");
        var properties = DeployedConfiguration.of(knative, service).properties();
        longestDelivery = properties
                .request()
                .maxTimeout()
                .plus(properties.job().waitGrace())
                .plus(LOG_UPLOAD);
        eventing = Manifests.of("eventing", "eventing/chain");
    }

    @Test
    @DisplayName("The revision's timeouts cover the longest delivery the configured max-timeout and wait-grace allow")
    void revisionTimeoutsCoverTheLongestDelivery() {
        var spec = service.at("/spec/template/spec");

        assertThat(longestDelivery)
                .as("sanity: the configured limits were read")
                .isGreaterThan(Duration.ofMinutes(60));
        assertThat(seconds(spec.path("timeoutSeconds").asLong())).isGreaterThanOrEqualTo(longestDelivery);
        assertThat(seconds(spec.path("responseStartTimeoutSeconds").asLong()))
                .as("no byte is written before the Job is done")
                .isGreaterThanOrEqualTo(longestDelivery)
                .isLessThanOrEqualTo(seconds(spec.path("timeoutSeconds").asLong()));
        assertThat(seconds(spec.path("idleTimeoutSeconds").asLong()))
                .isGreaterThanOrEqualTo(longestDelivery)
                .isLessThanOrEqualTo(seconds(spec.path("timeoutSeconds").asLong()));
    }

    @Test
    @DisplayName("The cluster settings allow that timeout, and the activator drains as long as a request may last")
    void clusterSettingsAllowTheTimeout() throws Exception {
        var cluster = Manifests.inFolder("knative/cluster");
        var timeout = service.at("/spec/template/spec/timeoutSeconds").asLong();

        var maxRevisionTimeout = cluster.get("ConfigMap", "config-defaults").at("/data/max-revision-timeout-seconds");
        assertThat(Long.parseLong(maxRevisionTimeout.stringValue())).isGreaterThanOrEqualTo(timeout);
        var activatorPatch = JsonMapper.builder()
                .build()
                .readTree(Manifests.repository()
                        .resolve("knative/cluster/activator-grace-patch.json")
                        .toFile());
        assertThat(activatorPatch
                        .at("/spec/template/spec/terminationGracePeriodSeconds")
                        .asLong())
                .isGreaterThanOrEqualTo(timeout);
        assertThat(cluster.get("ConfigMap", "config-features")
                        .at("/data/delivery-timeout")
                        .stringValue())
                .isEqualTo("enabled");
    }

    @Test
    @DisplayName(
            "The Trigger to the function waits longer than the revision, so the revision's own timeout answers first")
    void triggerTimeoutCoversTheRevisionTimeout() {
        var delivery = eventing.get("Trigger", "job-requests").at("/spec/delivery");

        var timeout = Duration.parse(delivery.path("timeout").stringValue());

        assertThat(timeout).isGreaterThanOrEqualTo(longestDelivery);
        assertThat(timeout)
                .isGreaterThan(
                        seconds(service.at("/spec/template/spec/timeoutSeconds").asLong()));
    }

    @Test
    @DisplayName(
            "The Broker's channel hands events on asynchronously, so no delivery is bound by its 15-minute fan-out limit")
    void brokerChannelDoesNotHoldProducers() {
        var broker = eventing.get("Broker", "default");

        assertThat(broker.at("/metadata/annotations/messaging.knative.dev~1async-handler")
                        .stringValue(""))
                .isEqualTo("true");
    }

    @Test
    @DisplayName(
            "The Trigger's delivery replaces the Broker's, so it keeps retries with backoff and a dead-letter sink")
    void triggerDeliveryKeepsRetriesAndDeadLetters() {
        var broker = eventing.get("Broker", "default").at("/spec/delivery");
        var trigger = eventing.get("Trigger", "job-requests").at("/spec/delivery");

        for (var delivery : List.of(broker, trigger)) {
            assertThat(delivery.path("retry").asInt()).isPositive();
            assertThat(delivery.path("backoffPolicy").stringValue()).isIn("exponential", "linear");
            assertThat(Duration.parse(delivery.path("backoffDelay").stringValue()))
                    .isPositive();
            assertThat(delivery.at("/deadLetterSink/ref/name").stringValue()).isNotBlank();
        }
    }

    @Test
    @DisplayName("The Trigger to the function retries often enough for a long Job to survive several Broker filter"
            + " pod scale-downs, with waits short enough to re-attach soon and long enough to ride out an outage")
    void triggerRetriesSurviveBrokerPodCuts() {
        var delivery = eventing.get("Trigger", "job-requests").at("/spec/delivery");

        var waits = knativeBackoff(delivery);

        assertThat(waits).as("each cut of a held delivery costs one retry").hasSizeGreaterThanOrEqualTo(10);
        assertThat(waits.getLast())
                .as("the longest wait, so a cut delivery re-attaches to its running Job soon")
                .isLessThanOrEqualTo(Duration.ofMinutes(2));
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus))
                .as("503s ridden out, as long as the function's own retries and breakers take to give up and more")
                .isGreaterThanOrEqualTo(Duration.ofMinutes(10));
    }

    /**
     * The waits before each retry, as knative/eventing 1.22 computes them
     * ({@code pkg/kncloudevents/retries.go}, attempts counted from 0 by go-retryablehttp).
     */
    private static List<Duration> knativeBackoff(JsonNode delivery) {
        var delay = Duration.parse(delivery.path("backoffDelay").stringValue());
        var policy = delivery.path("backoffPolicy").stringValue();
        var waits = new ArrayList<Duration>();
        for (int attempt = 0; attempt < delivery.path("retry").asInt(); attempt++) {
            waits.add(
                    switch (policy) {
                        case "linear" -> delay.multipliedBy(attempt);
                        case "exponential" -> delay.multipliedBy(1L << attempt);
                        default -> throw new IllegalStateException("unknown backoffPolicy " + policy);
                    });
        }
        return waits;
    }

    @Test
    @DisplayName(
            "On shutdown the function lets the longest delivery finish, within the pod's grace period (timeoutSeconds)")
    void shutdownGraceCoversTheLongestDelivery() throws Exception {
        var application = new ClassPathResource("application.yaml");
        var properties = new YamlPropertiesFactoryBean();
        properties.setResources(application);

        var grace = DurationStyle.detectAndParse(
                properties.getObject().getProperty("spring.lifecycle.timeout-per-shutdown-phase"));

        assertThat(grace)
                .isGreaterThanOrEqualTo(longestDelivery)
                .isLessThanOrEqualTo(
                        seconds(service.at("/spec/template/spec/timeoutSeconds").asLong()));
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
