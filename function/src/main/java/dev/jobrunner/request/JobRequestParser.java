package dev.jobrunner.request;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import static dev.jobrunner.request.ShownValues.describe;

/**
 * Reads the JSON job request a delivery carries and checks every rule at once, so a client learns
 * all that is wrong with a request from one reply.
 */
@Component
public class JobRequestParser {

    private final ObjectReader reader;
    private final RequestProperties settings;
    private final TemplateEnvironment template;

    public JobRequestParser(JsonMapper mapper, RequestProperties settings, TemplateEnvironment template) {
        this.reader = mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        this.settings = settings;
        this.template = template;
    }

    /**
     * @param data the event's data, {@code null} when it has none
     * @return the request it holds
     * @throws InvalidJobRequestException naming every field that breaks a rule
     */
    public JobRequest parse(byte[] data) {
        if (data == null || data.length == 0) {
            throw new InvalidJobRequestException("data", "is empty: the event must carry a JSON job request");
        }
        JsonNode root;
        try {
            root = reader.readTree(data);
        } catch (JacksonException e) {
            // Only where: the parser's own message quotes the offending text, which may be a credential.
            var at = e.getLocation();
            throw new InvalidJobRequestException(
                    "data",
                    at == null
                            ? "is not valid JSON"
                            : "is not valid JSON (line %d, column %d)".formatted(at.getLineNr(), at.getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidJobRequestException("data", "must be a JSON object, was " + describe(root));
        }
        return new RequestFields(root, settings, template.names()).toRequest();
    }
}
