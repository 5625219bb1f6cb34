package dev.jobrunner.request;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.jobrunner.request.InvalidJobRequestException.FieldError;
import dev.jobrunner.testing.TestProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JobRequestParserTests {

    private final JobRequestParser parser = new JobRequestParser(
            JsonMapper.builder().build(), TestProperties.defaults().request(), () -> Set.of("HTTP_PROXY"));

    @Test
    void parseWhenOnlyRequiredFieldsAppliesDefaults() {
        var request = parse("""
                {"image":"busybox","jobName":"hello","inputBucket":"corpus"}""");

        assertThat(request.image()).isEqualTo("busybox");
        assertThat(request.jobName()).isEqualTo("hello");
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(request.inputBucket()).isEqualTo("corpus");
        assertThat(request.outputBucket()).as("defaults to the input bucket").isEqualTo("corpus");
        assertThat(request.command()).isEmpty();
        assertThat(request.args()).isEmpty();
        assertThat(request.env()).isEmpty();
        assertThat(request.retries()).isZero();
    }

    @Test
    void parseWhenEveryFieldGivenKeepsThem() {
        var request = parse("""
                {"image":"ghcr.io/acme/word-count:1.2@sha256:%s","jobName":"count-2","timeOut":45,
                 "inputBucket":"corpus.v2","outputBucket":"results","command":["java"],"args":["-jar","app.jar"],
                 "env":{"SEARCH_WORD":"kubernetes","_DEBUG":"1"},"retries":2}""".formatted("a".repeat(64)));

        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(request.outputBucket()).isEqualTo("results");
        assertThat(request.command()).containsExactly("java");
        assertThat(request.args()).containsExactly("-jar", "app.jar");
        assertThat(request.env()).containsExactly(Map.entry("SEARCH_WORD", "kubernetes"), Map.entry("_DEBUG", "1"));
        assertThat(request.retries()).isEqualTo(2);
    }

    @Test
    void parseWhenOptionalFieldsAreNullTreatsThemAsAbsent() {
        var request = parse("""
                {"image":"busybox","jobName":"hello","inputBucket":"corpus","outputBucket":null,"timeOut":null}""");

        assertThat(request.outputBucket()).isEqualTo("corpus");
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(15));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # data                                                                    | field        | message contains
            {"jobName":"a1","inputBucket":"abc"}                                      | image        | is required
            {"image":"","jobName":"a1","inputBucket":"abc"}                          | image        | must be a non-empty string
            {"image":42,"jobName":"a1","inputBucket":"abc"}                          | image        | was 42
            {"image":"Not An Image","jobName":"a1","inputBucket":"abc"}              | image        | must be an image reference
            {"image":"busybox:","jobName":"a1","inputBucket":"abc"}                  | image        | must be an image reference
            {"image":"busybox","inputBucket":"abc"}                                  | jobName      | is required
            {"image":"busybox","jobName":"Hello","inputBucket":"abc"}                | jobName      | lower-case DNS-1123 label
            {"image":"busybox","jobName":"-a","inputBucket":"abc"}                   | jobName      | lower-case DNS-1123 label
            {"image":"busybox","jobName":"a_b","inputBucket":"abc"}                  | jobName      | lower-case DNS-1123 label
            {"image":"busybox","jobName":["a"],"inputBucket":"abc"}                  | jobName      | was an array
            {"image":"busybox","jobName":"a1"}                                       | inputBucket  | is required
            {"image":"busybox","jobName":"a1","inputBucket":"ab"}                    | inputBucket  | S3 bucket name
            {"image":"busybox","jobName":"a1","inputBucket":"Corpus"}                | inputBucket  | S3 bucket name
            {"image":"busybox","jobName":"a1","inputBucket":"a..b"}                  | inputBucket  | S3 bucket name
            {"image":"busybox","jobName":"a1","inputBucket":"10.0.0.1"}              | inputBucket  | not an IP address
            {"image":"busybox","jobName":"a1","inputBucket":"a.-b"}                  | inputBucket  | no '..', '.-' or '-.'
            {"image":"busybox","jobName":"a1","inputBucket":"xn--abc"}               | inputBucket  | S3 bucket name
            {"image":"busybox","jobName":"a1","inputBucket":"abc","outputBucket":"x"} | outputBucket | S3 bucket name
            {"image":"busybox","jobName":"a1","inputBucket":"abc","timeOut":0}       | timeOut      | from 1 to 60
            {"image":"busybox","jobName":"a1","inputBucket":"abc","timeOut":61}      | timeOut      | from 1 to 60
            {"image":"busybox","jobName":"a1","inputBucket":"abc","timeOut":1.5}     | timeOut      | whole number of minutes
            {"image":"busybox","jobName":"a1","inputBucket":"abc","timeOut":"10"}    | timeOut      | was '10'
            {"image":"busybox","jobName":"a1","inputBucket":"abc","timeOut":1e30}    | timeOut      | whole number of minutes
            {"image":"busybox","jobName":"a1","inputBucket":"abc","command":"ls"}    | command      | array of at most 256 strings
            {"image":"busybox","jobName":"a1","inputBucket":"abc","args":[1]}        | args         | array of at most 256 strings
            {"image":"busybox","jobName":"a1","inputBucket":"abc","env":[]}          | env          | must be an object
            {"image":"busybox","jobName":"a1","inputBucket":"abc","env":{"A":1}}     | env.A        | must be a string
            {"image":"busybox","jobName":"a1","inputBucket":"abc","env":{"1A":"x"}}  | env.1A       | not a valid environment variable name
            {"image":"busybox","jobName":"a1","inputBucket":"abc","env":{"INPUT_BUCKET":"x"}} | env.INPUT_BUCKET | cannot be overridden
            {"image":"busybox","jobName":"a1","inputBucket":"abc","env":{"MINIO_SECRET_KEY":"x"}} | env.MINIO_SECRET_KEY | cannot be overridden
            {"image":"busybox","jobName":"a1","inputBucket":"abc","env":{"HTTP_PROXY":"x"}} | env.HTTP_PROXY | is set by the Job template and cannot be overridden
            {"image":"busybox","jobName":"a1","inputBucket":"abc","retries":-1}      | retries      | from 0 to 10
            {"image":"busybox","jobName":"a1","inputBucket":"abc","retries":11}      | retries      | from 0 to 10
            {"image":"busybox","jobName":"a1","inputBucket":"abc","colour":"red"}    | colour       | is not a known field
            """)
    void parseWhenARuleIsBrokenNamesTheField(String data, String field, String message) {
        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse(data))
                .satisfies(e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo(field);
                    assertThat(error.message()).contains(message);
                }));
    }

    @Test
    void parseWhenJobNameLeavesNoRoomForTheSuffixRejectsIt() {
        var name = "a".repeat(JobRequest.MAX_JOB_NAME_LENGTH + 1);

        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse("{\"image\":\"busybox\",\"jobName\":\"" + name + "\",\"inputBucket\":\"abc\"}"))
                .withMessageContaining("jobName: must be a lower-case DNS-1123 label")
                .withMessageContaining("at most 50 characters");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                       | is empty
            'not json'               | is not valid JSON
            '{"image":'              | is not valid JSON
            '[1,2]'                  | must be a JSON object, was an array
            '"text"'                 | must be a JSON object, was 'text'
            '{"a":1} {"b":2}'        | is not valid JSON
            '{"image":"a","image":"b"}' | is not valid JSON
            """)
    void parseWhenDataIsNotAJsonObjectNamesTheData(String data, String message) {
        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse(data))
                .satisfies(e -> assertThat(e.errors())
                        .singleElement()
                        .isEqualTo(new FieldError("data", e.errors().getFirst().message()))
                        .extracting(FieldError::message)
                        .asString()
                        .contains(message));
    }

    @Test
    void parseWhenSeveralRulesAreBrokenReportsEveryOne() {
        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse("{\"jobName\":\"Bad\",\"timeOut\":0}"))
                .satisfies(e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("image", "jobName", "timeOut", "inputBucket"));
    }

    @Test
    void parseWhenImageOutsideTheAllowedPrefixesRejectsIt() {
        var strict = new JobRequestParser(
                JsonMapper.builder().build(),
                TestProperties.bind(Map.of("jobrunner.job.allowed-images", "ghcr.io/acme/"))
                        .request(),
                Set::of);

        assertThat(strict.parse(bytes("{\"image\":\"ghcr.io/acme/app:1\",\"jobName\":\"a1\",\"inputBucket\":\"abc\"}"))
                        .image())
                .isEqualTo("ghcr.io/acme/app:1");
        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> strict.parse(
                        bytes("{\"image\":\"docker.io/evil/app\",\"jobName\":\"a1\",\"inputBucket\":\"abc\"}")))
                .withMessage("image: is not allowed here: docker.io/evil/app is not in or below any of ghcr.io/acme/");
    }

    @Test
    void parseWhenAFieldIsHugeQuotesOnlyItsStart() {
        var huge = "x".repeat(100_000);

        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse("{\"image\":\"busybox\",\"jobName\":\"" + huge + "\",\"inputBucket\":\"abc\"}"))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @Test
    void parseWhenJsonIsBrokenNamesOnlyWhereNeverTheText() {
        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse("{\"image\":\"busybox\",\"env\":{\"DB_PASSWORD\": hunter2}}"))
                .withMessageStartingWith("data: is not valid JSON (line 1, column")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void parseWhenEnvValueIsWrongNeverEchoesIt() {
        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse("{\"image\":\"busybox\",\"jobName\":\"a1\",\"inputBucket\":\"abc\","
                        + "\"env\":{\"TOKEN\":{\"secret\":\"hunter2\"}}}"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a command item  | "command":["sh","%s"] | command[1]
            an args item    | "args":["%s"]         | args[0]
            an env value    | "env":{"BIG":"%s"}    | env.BIG
            """)
    @DisplayName(
            "Each command and args item and env value may be 32 Ki characters; past it the field is named, never shown")
    void parseWhenAValueIsLongerThanOneExecStringMayBeNamesItsField(String what, String json, String field) {
        // Given
        var atLimit = "x".repeat(32 * 1024);
        var overLimit = "y".repeat(32 * 1024 + 1);

        // When, Then
        assertThat(parse(withFields(json.formatted(atLimit))).image()).isEqualTo("busybox");
        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse(withFields(json.formatted(overLimit))))
                .satisfies(e -> assertThat(e.errors())
                        .singleElement()
                        .isEqualTo(new FieldError(field, "must be at most 32768 characters, was 32769")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("yyyy"));
    }

    @Test
    void parseWhenAnEnvNameIsLongerThan256CharactersNamesIt() {
        var name = "N".repeat(257);

        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse(withFields("\"env\":{\"" + name + "\":\"x\"}")))
                .satisfies(e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).startsWith("env.NNNN");
                    assertThat(error.message()).contains("at most 256 characters");
                }));
    }

    @Test
    @DisplayName("A name the Job template sets is refused with the others, in one reply")
    void parseWhenEnvSetsATemplateNameRefusesItBesideOtherBrokenRules() {
        assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> parse(withFields(
                        "\"env\":{\"HTTP_PROXY\":\"http://evil:3128\",\"OUTPUT_BUCKET\":\"x\"},\"retries\":99")))
                .satisfies(e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("env.HTTP_PROXY", "env.OUTPUT_BUCKET", "retries"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("evil"));
    }

    private static String withFields(String fields) {
        return "{\"image\":\"busybox\",\"jobName\":\"a1\",\"inputBucket\":\"abc\"," + fields + "}";
    }

    private JobRequest parse(String data) {
        return parser.parse(bytes(data));
    }

    private static byte[] bytes(String data) {
        return data.getBytes(StandardCharsets.UTF_8);
    }
}
