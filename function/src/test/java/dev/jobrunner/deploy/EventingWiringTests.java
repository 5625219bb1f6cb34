package dev.jobrunner.deploy;

import java.util.ArrayList;
import java.util.List;

import dev.jobrunner.deploy.Manifests.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Every reference between the event resources points at a resource the manifests create. */
class EventingWiringTests {

    private static Manifests everything;
    private static Manifests eventing;

    @BeforeAll
    static void load() {
        everything = Manifests.of("knative", "eventing", "eventing/chain");
        eventing = Manifests.of("eventing", "eventing/chain");
    }

    @Test
    @DisplayName("Every Trigger names an existing Broker and a subscriber the manifests create")
    void triggersReachExistingResources() {
        var triggers = eventing.ofKind("Trigger");

        assertThat(triggers)
                .extracting(Manifest::name)
                .contains("job-requests", "job-completed", "chain-stage-one-succeeded");
        assertThat(triggers).allSatisfy(trigger -> {
            assertThat(eventing.contains(
                            "eventing.knative.dev/v1",
                            "Broker",
                            trigger.at("/spec/broker").stringValue()))
                    .as("Broker of %s", trigger)
                    .isTrue();
            assertThat(resolves(trigger.at("/spec/subscriber/ref")))
                    .as("subscriber of %s", trigger)
                    .isTrue();
        });
    }

    @Test
    @DisplayName("Job requests go to the job-runner Service, completions to the event display")
    void requestsReachTheFunctionAndCompletionsTheDisplay() {
        var requests = eventing.get("Trigger", "job-requests");
        var completed = eventing.get("Trigger", "job-completed");

        assertThat(requests.at("/spec/subscriber/ref/kind").stringValue()).isEqualTo("Service");
        assertThat(requests.at("/spec/subscriber/ref/apiVersion").stringValue()).isEqualTo("serving.knative.dev/v1");
        assertThat(requests.at("/spec/subscriber/ref/name").stringValue()).isEqualTo("job-runner");
        assertThat(completed.at("/spec/filter/attributes/type").stringValue()).isEqualTo("dev.jobrunner.job.completed");
        assertThat(completed.at("/spec/subscriber/ref/name").stringValue()).isEqualTo("job-events");
    }

    @Test
    @DisplayName("The job-requests Trigger passes both request types and nothing else, completions least of all")
    void requestTriggerFiltersOnBothRequestTypes() {
        var filters = eventing.get("Trigger", "job-requests").at("/spec/filters");

        assertThat(filters.size()).isEqualTo(1);
        var alternatives = new ArrayList<String>();
        for (var alternative : filters.get(0).path("any")) {
            assertThat(alternative.path("exact").size())
                    .as("one exact match on type")
                    .isEqualTo(1);
            alternatives.add(alternative.at("/exact/type").stringValue());
        }
        assertThat(alternatives).containsExactlyInAnyOrder("dev.knative.rabbitmq.event", "dev.jobrunner.job.requested");
    }

    @Test
    @DisplayName("The source consumes the declared queue and hands every message to the Broker, never to the function")
    void sourceFeedsTheBrokerFromTheDeclaredQueue() {
        var source = eventing.get("RabbitmqSource", "job-requests");

        assertThat(resolves(source.at("/spec/sink/ref"))).isTrue();
        assertThat(source.at("/spec/sink/ref/kind").stringValue()).isEqualTo("Broker");
        assertThat(source.at("/spec/rabbitmqResourcesConfig/predeclared").asBoolean())
                .isTrue();
        var queueName = source.at("/spec/rabbitmqResourcesConfig/queueName").stringValue();
        assertThat(rabbitNames("Queue")).contains(queueName);
        assertThat(eventing.contains(
                        "rabbitmq.com/v1beta1",
                        "RabbitmqCluster",
                        source.at("/spec/rabbitmqClusterReference/name").stringValue()))
                .isTrue();
    }

    @Test
    @DisplayName("A message the source rejects is dead-lettered into a queue, not dropped")
    void rejectedMessagesAreKept() {
        var source = eventing.get("RabbitmqSource", "job-requests");
        var queueName = source.at("/spec/rabbitmqResourcesConfig/queueName").stringValue();
        var queue = eventing.ofKind("Queue").stream()
                .filter(candidate -> candidate.at("/spec/name").stringValue().equals(queueName))
                .findFirst()
                .orElseThrow();

        var deadLetterExchange =
                queue.at("/spec/arguments/x-dead-letter-exchange").stringValue("");

        assertThat(rabbitNames("Exchange")).contains(deadLetterExchange);
        assertThat(eventing.ofKind("Binding")).anySatisfy(binding -> {
            assertThat(binding.at("/spec/source").stringValue()).isEqualTo(deadLetterExchange);
            assertThat(binding.at("/spec/destinationType").stringValue()).isEqualTo("queue");
            assertThat(rabbitNames("Queue"))
                    .contains(binding.at("/spec/destination").stringValue());
            assertThat(binding.at("/spec/destination").stringValue()).isNotEqualTo(queueName);
        });
        assertThat(queue.at("/spec/durable").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("Every RabbitMQ topology object belongs to the RabbitmqCluster the manifests create")
    void topologyUsesTheCluster() {
        var topology = new ArrayList<Manifest>();
        for (var kind : List.of("Queue", "Exchange", "Binding")) {
            topology.addAll(eventing.ofKind(kind));
        }

        assertThat(topology)
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(object -> assertThat(eventing.contains(
                                "rabbitmq.com/v1beta1",
                                "RabbitmqCluster",
                                object.at("/spec/rabbitmqClusterReference/name").stringValue()))
                        .as("cluster of %s", object)
                        .isTrue());
    }

    @Test
    @DisplayName("Dead-letter sinks and the chain's transform sink exist; the transform posts back to the Broker")
    void sinksExist() {
        assertThat(resolves(eventing.get("Broker", "default").at("/spec/delivery/deadLetterSink/ref")))
                .isTrue();
        assertThat(resolves(eventing.get("Trigger", "job-requests").at("/spec/delivery/deadLetterSink/ref")))
                .isTrue();
        var transform = eventing.get("EventTransform", ChainTransform.NAME);
        assertThat(transform.at("/spec/sink/ref/kind").stringValue()).isEqualTo("Broker");
        assertThat(resolves(transform.at("/spec/sink/ref"))).isTrue();
    }

    @Test
    @DisplayName("The function is reachable inside the cluster only: whoever calls it can run any image")
    void functionIsClusterLocal() {
        var service = everything.get("Service", "job-runner");

        assertThat(service.at("/metadata/labels/networking.knative.dev~1visibility")
                        .stringValue())
                .isEqualTo("cluster-local");
    }

    /** A Kubernetes Service reference resolves to a core Service, other kinds to their own kind. */
    private static boolean resolves(JsonNode ref) {
        var apiVersion = ref.path("apiVersion").stringValue("");
        return !ref.has("namespace")
                && everything.contains(
                        apiVersion,
                        ref.path("kind").stringValue(""),
                        ref.path("name").stringValue(""));
    }

    private static List<String> rabbitNames(String kind) {
        return eventing.ofKind(kind).stream()
                .map(object -> object.at("/spec/name").stringValue())
                .toList();
    }
}
