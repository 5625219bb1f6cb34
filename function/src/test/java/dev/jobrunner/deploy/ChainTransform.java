package dev.jobrunner.deploy;

import java.util.Map;

import com.dashjoin.jsonata.Jsonata;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chain example's EventTransform, run as Knative's JSONata transform runs it: on the incoming
 * event in structured form (attributes at the top, JSON data under {@code data}), yielding the
 * outgoing event in structured form.
 */
final class ChainTransform {

    static final String NAME = "chain-stage-two";

    private static final JsonMapper json = JsonMapper.builder().build();

    private final Jsonata expression;

    private ChainTransform(String expression) {
        this.expression = Jsonata.jsonata(expression);
    }

    /** The expression in {@code eventing/chain}. */
    static ChainTransform fromManifests() {
        var transform = Manifests.of("eventing/chain").get("EventTransform", NAME);
        return new ChainTransform(transform.at("/spec/jsonata/expression").stringValue());
    }

    JsonNode apply(JsonNode structuredEvent) {
        var result = expression.evaluate(json.convertValue(structuredEvent, Map.class));
        return json.valueToTree(result);
    }
}
