package dev.jobrunner.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import dev.jobrunner.request.JobRequestParser;
import dev.jobrunner.testing.TestProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain example's JSONata expression turns stage one's completion into a request the function accepts. */
class ChainTransformTests {

    private static final JsonMapper json = JsonMapper.builder().build();

    private static ChainTransform transform;

    @BeforeAll
    static void load() {
        transform = ChainTransform.fromManifests();
    }

    @Test
    @DisplayName("The output is a whole CloudEvent of type dev.jobrunner.job.requested, marked structured")
    void outputIsAStructuredRequestEvent() throws IOException {
        // Given
        var completion = stageOneCompletion();

        // When
        var request = transform.apply(completion);

        // Then
        assertThat(request.path("specversion").stringValue()).isEqualTo("1.0");
        assertThat(request.path("type").stringValue()).isEqualTo("dev.jobrunner.job.requested");
        assertThat(request.path("source").stringValue()).isNotBlank();
        assertThat(request.path("id").stringValue()).isNotBlank();
        assertThat(request.path("datacontenttype").stringValue()).isEqualTo("application/json");
    }

    @Test
    @DisplayName("Its data is a valid job request for the function, reading stage one's output bucket")
    void dataIsAValidJobRequest() throws IOException {
        var completion = stageOneCompletion();

        var data = transform.apply(completion).path("data");
        var parsed = new JobRequestParser(
                        JsonMapper.builder().build(), TestProperties.defaults().request(), Set::of)
                .parse(json.writeValueAsBytes(data));

        assertThat(parsed.jobName()).isEqualTo("chain-stage-two");
        assertThat(parsed.inputBucket())
                .isEqualTo(completion.at("/data/outputBucket").stringValue());
        assertThat(parsed.outputBucket()).isNotEqualTo(parsed.inputBucket());
        assertThat(parsed.image()).isEqualTo(completion.at("/data/image").stringValue());
        assertThat(parsed.env()).containsKey("SEARCH_WORD");
    }

    @Test
    @DisplayName(
            "The id follows from the completion's id: a redelivered completion asks for the same Job, another completion for a new one")
    void idIsDeterministic() throws IOException {
        var completion = stageOneCompletion();
        var redelivered = stageOneCompletion();
        ((ObjectNode) redelivered).put("knativearrivaltime", "2026-11-22T10:09:00Z");
        var next = stageOneCompletion();
        ((ObjectNode) next).put("id", "batch/chain-stage-one-0a1b2c3d4e5f");

        var id = transform.apply(completion).path("id").stringValue();

        assertThat(transform.apply(redelivered).path("id").stringValue()).isEqualTo(id);
        assertThat(transform.apply(next).path("id").stringValue()).isNotEqualTo(id);
    }

    private static JsonNode stageOneCompletion() throws IOException {
        try (InputStream in = ChainTransformTests.class.getResourceAsStream("/deploy/stage-one-completion.json")) {
            return json.readTree(in);
        }
    }
}
