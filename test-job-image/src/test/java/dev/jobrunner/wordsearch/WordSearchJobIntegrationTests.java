package dev.jobrunner.wordsearch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.gaul.s3proxy.S3ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole program, through its entry point, against an in-process S3 server. */
class WordSearchJobIntegrationTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);
    private static final String HOSTNAME = "wordsearch-5f2c1-7x2kq";
    private static final String PREFIX = "results/20261122T101530Z-" + HOSTNAME + "-[0-9a-f]{8}/";

    private final ObjectMapper json = new ObjectMapper();
    private S3TestServer storage;
    private final StringBuilder log = new StringBuilder();

    @BeforeEach
    void startStorage() throws Exception {
        storage = S3TestServer.start();
    }

    /** Success or failure, the credentials stay out of the log and out of every file the Job wrote. */
    @AfterEach
    void credentialsNeverLeak() throws Exception {
        try {
            assertThat(log).doesNotContain(S3TestServer.SECRET_KEY).doesNotContain(S3TestServer.ACCESS_KEY);
            assertThat(storage.objectsUnder(WordSearchJob.RESULTS))
                    .allSatisfy((key, content) -> assertThat(content)
                            .doesNotContain(S3TestServer.SECRET_KEY)
                            .doesNotContain(S3TestServer.ACCESS_KEY));
        } finally {
            storage.close();
        }
    }

    @Test
    @DisplayName("counts the word exactly in every text object, skips binary ones, writes the summary")
    void runWhenInputHoldsTextsWritesExactCounts() throws Exception {
        // Given
        storage.createBucket("corpus");
        var notes = """
                Kubernetes runs containers.
                It is KUBERNETES, not kubernetes_operator or kubernetes2.
                (kubernetes) kubernetes-native, kubernetes.
                nothing here
                kubernetesé is not the word, nor is ékubernetes""";
        storage.put("corpus", "notes/kubernetes.txt", notes);
        storage.put("corpus", "windows.txt", "first line\r\nkubernetes on windows\r\n\r\nlast KUBERNETES line\r\n");
        storage.put("corpus", "old-mac.txt", "kubernetes\rkubernetes kubernetes\r");
        storage.put("corpus", "empty.txt", "");
        var png = new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 'k', 'u', 'b', 'e'};
        storage.put("corpus", "image.png", png);
        var utf16 = "kubernetes\n".getBytes(StandardCharsets.UTF_16LE);
        storage.put("corpus", "utf16.txt", utf16);
        storage.put("corpus", "big/large.txt", new LargeText(), LargeText.SIZE);
        var environment = environment("corpus", "results", "kubernetes");

        // When
        var exitCode = run(environment);

        // Then
        assertThat(exitCode).as(log.toString()).isZero();
        assertThat(storage.keys("results")).singleElement().asString().matches(PREFIX + "summary.json");
        var summary = json.readTree(storage.read("results", resultKey("results", WordSearchJob.SUMMARY)));
        var largeFirstLines = IntStream.rangeClosed(1, 10)
                .mapToObj(index -> Integer.toString(index * LargeText.PLANT_EVERY))
                .collect(Collectors.joining(","));
        assertThat(summary.get("files")).isEqualTo(json.readTree("""
                [
                  {"key": "big/large.txt", "size": %d, "status": "searched", "lines": %d, "matches": %d,
                   "firstMatchingLines": [%s]},
                  {"key": "empty.txt", "size": 0, "status": "searched", "lines": 0, "matches": 0,
                   "firstMatchingLines": []},
                  {"key": "image.png", "size": %d, "status": "skipped", "skipReason": "not valid UTF-8"},
                  {"key": "notes/kubernetes.txt", "size": %d, "status": "searched", "lines": 5, "matches": 5,
                   "firstMatchingLines": [1, 2, 3]},
                  {"key": "old-mac.txt", "size": 33, "status": "searched", "lines": 2, "matches": 3,
                   "firstMatchingLines": [1, 2]},
                  {"key": "utf16.txt", "size": %d, "status": "skipped", "skipReason": "contains a NUL byte"},
                  {"key": "windows.txt", "size": 59, "status": "searched", "lines": 4, "matches": 2,
                   "firstMatchingLines": [2, 4]}
                ]
                """.formatted(
                        LargeText.SIZE,
                        LargeText.LINES,
                        LargeText.MATCHES,
                        largeFirstLines,
                        png.length,
                        notes.getBytes(StandardCharsets.UTF_8).length,
                        utf16.length)));
        var totalMatches = LargeText.MATCHES + 5 + 3 + 2;
        assertThat(summary.get("matches").asLong()).isEqualTo(totalMatches);
        assertThat(summary.get("objects").asInt()).isEqualTo(7);
        assertThat(summary.get("searched").asInt()).isEqualTo(5);
        assertThat(summary.get("skipped").asInt()).isEqualTo(2);
        assertThat(summary.get("word").asText()).isEqualTo("kubernetes");
        assertThat(summary.get("matchRule").asText()).isEqualTo("case-insensitive whole word");
        assertThat(summary.get("inputBucket").asText()).isEqualTo("corpus");
        assertThat(summary.get("filePrefix").asText()).isEmpty();
        assertThat(summary.get("outputBucket").asText()).isEqualTo("results");
        assertThat(summary.get("resultPrefix").asText()).matches(PREFIX);
        assertThat(summary.get("startedAt").asText()).isEqualTo("2026-11-22T10:15:30Z");
        var message = "matches of 'kubernetes': " + totalMatches + " in 7 objects (5 searched, 2 skipped as not text)";
        assertThat(summary.get("message").asText()).isEqualTo(message);

        assertThat(log)
                .contains(
                        "listed 7 objects",
                        "read 'big/large.txt' (40,000,000 bytes)",
                        ": lines: 400,000, matches: 800",
                        "read 'image.png' (12 bytes) in 0 ms: skipped, not valid UTF-8",
                        "created output bucket 'results'",
                        "uploaded " + summary.get("resultPrefix").asText() + "summary.json");
    }

    @Test
    @DisplayName("succeeds with an empty summary that says so when the input bucket is empty")
    void runWhenInputBucketEmptySucceedsWithEmptySummary() throws Exception {
        // Given
        storage.createBucket("corpus");

        // When
        var exitCode = run(environment("corpus", "results", "kubernetes"));

        // Then
        assertThat(exitCode).as(log.toString()).isZero();
        var summary = json.readTree(storage.read("results", resultKey("results", WordSearchJob.SUMMARY)));
        assertThat(summary.get("message").asText()).isEqualTo("input bucket 'corpus' has no objects to search");
        assertThat(summary.get("objects").asInt()).isZero();
        assertThat(summary.get("matches").asLong()).isZero();
        assertThat(summary.get("files")).isEmpty();
    }

    @Test
    @DisplayName("searches only the objects whose key starts with FILE_PREFIX, and says so in the summary")
    void runWhenFilePrefixSetSearchesOnlyObjectsUnderIt() throws Exception {
        // Given: "docs.txt" and "other/docs/c.txt" hold "docs/" but do not start with it
        storage.createBucket("corpus");
        storage.put("corpus", "docs/a.txt", "kubernetes\n");
        storage.put("corpus", "docs/deeper/b.md", "Kubernetes and kubernetes\n");
        storage.put("corpus", "docs.txt", "kubernetes\n");
        storage.put("corpus", "other/docs/c.txt", "kubernetes\n");
        var environment = environment("corpus", "results", "kubernetes");
        environment.put("FILE_PREFIX", "docs/");

        // When
        var exitCode = run(environment);

        // Then
        assertThat(exitCode).as(log.toString()).isZero();
        var summary = json.readTree(storage.read("results", resultKey("results", WordSearchJob.SUMMARY)));
        assertThat(summary.get("filePrefix").asText()).isEqualTo("docs/");
        assertThat(summary.get("files").findValuesAsText("key")).containsExactly("docs/a.txt", "docs/deeper/b.md");
        assertThat(summary.get("matches").asLong()).isEqualTo(3);
        assertThat(log).contains("listed 2 objects under 'docs/' in input bucket 'corpus'");
    }

    @Test
    @DisplayName("succeeds with an empty summary naming FILE_PREFIX when no key starts with it")
    void runWhenNoKeyStartsWithFilePrefixSucceedsWithEmptySummary() throws Exception {
        // Given
        storage.createBucket("corpus");
        storage.put("corpus", "a.txt", "kubernetes\n");
        var environment = environment("corpus", "results", "kubernetes");
        environment.put("FILE_PREFIX", "docs/");

        // When
        var exitCode = run(environment);

        // Then
        assertThat(exitCode).as(log.toString()).isZero();
        var summary = json.readTree(storage.read("results", resultKey("results", WordSearchJob.SUMMARY)));
        assertThat(summary.get("message").asText())
                .isEqualTo("input bucket 'corpus' has no objects under 'docs/' to search");
        assertThat(summary.get("objects").asInt()).isZero();
    }

    @Test
    @DisplayName("fails with exit code 2 and an error file naming SEARCH_WORD when it is not set")
    void runWhenSearchWordMissingWritesErrorFileNamingIt() throws Exception {
        // Given
        storage.createBucket("corpus");
        var environment = environment("corpus", "results", "kubernetes");
        environment.remove("SEARCH_WORD");

        // When
        var exitCode = run(environment);

        // Then
        assertThat(exitCode).isEqualTo(WordSearchJob.INVALID_CONFIGURATION);
        assertThat(log).contains("word search failed: invalid configuration: SEARCH_WORD is not set");
        assertThat(storage.keys("results")).singleElement().asString().matches(PREFIX + "error.txt");
        assertThat(storage.read("results", resultKey("results", WordSearchJob.ERROR)))
                .isEqualTo("word search failed at 2026-11-22T10:15:30Z\n"
                        + "invalid configuration: SEARCH_WORD is not set\n");
    }

    @Test
    @DisplayName("fails with exit code 2, naming every missing storage variable, and writes nothing without them")
    void runWhenStorageVariablesMissingNamesThemAndWritesNothing() throws Exception {
        // Given
        var environment = environment("corpus", "results", "kubernetes");
        environment.remove("MINIO_SECRET_KEY");
        environment.put("MINIO_SERVICE_PORT", "nine thousand");

        // When
        var exitCode = run(environment);

        // Then
        assertThat(exitCode).isEqualTo(WordSearchJob.INVALID_CONFIGURATION);
        assertThat(log)
                .contains("invalid configuration: MINIO_SERVICE_PORT must be a port number from 1 to 65535, "
                        + "was 'nine thousand'; MINIO_SECRET_KEY is not set");
        assertThat(storage.bucketExists("results")).isFalse();
    }

    @Test
    @DisplayName("fails with an error file naming the input bucket when it does not exist")
    void runWhenInputBucketMissingWritesErrorFileNamingIt() throws Exception {
        // When
        var exitCode = run(environment("no-such-corpus", "results", "kubernetes"));

        // Then
        assertThat(exitCode).isEqualTo(WordSearchJob.FAILED);
        var expected = "input bucket 'no-such-corpus' does not exist at http://127.0.0.1:";
        assertThat(log).contains("word search failed: " + expected);
        assertThat(storage.read("results", resultKey("results", WordSearchJob.ERROR)))
                .contains(expected);
        assertThat(storage.keys("results")).noneMatch(key -> key.endsWith(WordSearchJob.SUMMARY));
    }

    @Test
    @DisplayName("fails with an error file naming the object that cannot be read, and writes no summary")
    void runWhenObjectUnreadableWritesErrorFileNamingIt() throws Exception {
        // Given
        storage.createBucket("corpus");
        storage.put("corpus", "a.txt", "kubernetes");
        storage.put("corpus", "locked.txt", "kubernetes");
        storage.faults().failReads("locked.txt", S3ErrorCode.ACCESS_DENIED);

        // When
        var exitCode = run(environment("corpus", "results", "kubernetes"));

        // Then
        assertThat(exitCode).isEqualTo(WordSearchJob.FAILED);
        var expected = "reading object 'locked.txt' of bucket 'corpus' failed: AccessDenied";
        assertThat(log).contains("word search failed: " + expected);
        assertThat(storage.read("results", resultKey("results", WordSearchJob.ERROR)))
                .contains(expected);
        assertThat(storage.keys("results")).singleElement().asString().endsWith(WordSearchJob.ERROR);
    }

    @Test
    @DisplayName("fails naming the endpoint when the storage cannot be reached")
    void runWhenStorageUnreachableFailsNamingEndpoint() throws Exception {
        // Given
        var environment = environment("corpus", "results", "kubernetes");
        var closedPort = closedPort();
        environment.put("MINIO_SERVICE_PORT", Integer.toString(closedPort));

        // When
        var exitCode = run(environment);

        // Then
        assertThat(exitCode).isEqualTo(WordSearchJob.FAILED);
        assertThat(log)
                .contains(
                        "word search failed: checking bucket 'results' at http://127.0.0.1:" + closedPort
                                + " failed: ConnectException",
                        "could not write the error file results/");
    }

    @Test
    @DisplayName("fails without printing the secret key when the storage rejects the credentials")
    void runWhenSecretKeyWrongFailsWithoutPrintingIt() throws Exception {
        // Given
        var wrongSecret = "wrong-secret-8a6d2f0b";
        var environment = environment("corpus", "results", "kubernetes");
        environment.put("MINIO_SECRET_KEY", wrongSecret);

        // When
        var exitCode = run(environment);

        // Then
        assertThat(exitCode).isEqualTo(WordSearchJob.FAILED);
        assertThat(log)
                .contains("word search failed: checking bucket 'results' at http://127.0.0.1:")
                .doesNotContain(wrongSecret);
        assertThat(storage.bucketExists("results")).isFalse();
    }

    @Test
    @DisplayName("masks a key that reaches a failure message, in the log and in the error file")
    void runWhenFailureMessageHoldsAccessKeyMasksIt() throws Exception {
        // Given: a bucket name that is also the access key, as the README warns against
        var environment = environment(S3TestServer.ACCESS_KEY, "results", "kubernetes");

        // When
        var exitCode = run(environment);

        // Then: credentialsNeverLeak checks that the key appears nowhere
        assertThat(exitCode).isEqualTo(WordSearchJob.FAILED);
        var expected = "input bucket '[redacted]' does not exist at http://127.0.0.1:";
        assertThat(log).contains("word search failed: " + expected);
        assertThat(storage.read("results", resultKey("results", WordSearchJob.ERROR)))
                .contains(expected);
    }

    @Test
    @DisplayName("leaves earlier results out of the search when the input bucket is also the output bucket")
    void runWhenInputIsOutputBucketLeavesOutEarlierResults() throws Exception {
        // Given
        storage.createBucket("shared");
        storage.put("shared", "a.txt", "kubernetes\n");
        var environment = environment("shared", "shared", "kubernetes");

        // When
        var firstExitCode = run(environment);
        var secondExitCode = run(environment);

        // Then
        assertThat(List.of(firstExitCode, secondExitCode)).as(log.toString()).containsOnly(0);
        var summaries = storage.keys("shared").stream()
                .filter(key -> key.endsWith(WordSearchJob.SUMMARY))
                .toList();
        assertThat(summaries).hasSize(2).allMatch(key -> key.matches(PREFIX + "summary.json"));
        for (var key : summaries) {
            var summary = json.readTree(storage.read("shared", key));
            assertThat(summary.get("objects").asInt()).isOne();
            assertThat(summary.get("matches").asLong()).isOne();
        }
        assertThat(log).contains("searching 1 of them: earlier results under results/ are left out");
    }

    private Map<String, String> environment(String inputBucket, String outputBucket, String word) {
        var environment = storage.storageEnvironment();
        environment.put("INPUT_BUCKET", inputBucket);
        environment.put("OUTPUT_BUCKET", outputBucket);
        environment.put("SEARCH_WORD", word);
        environment.put("WORK_SECONDS_PER_FILE", "0");
        environment.put("HOSTNAME", HOSTNAME);
        return environment;
    }

    /** Through the public entry point that main calls. */
    private int run(Map<String, String> environment) {
        var out = new ByteArrayOutputStream();
        var exitCode = WordSearchJob.run(environment, new PrintStream(out, true, StandardCharsets.UTF_8), CLOCK);
        log.append(out.toString(StandardCharsets.UTF_8));
        return exitCode;
    }

    /** The key of a result file, checking the run wrote exactly one such file. */
    private String resultKey(String bucket, String fileName) throws Exception {
        var keys = storage.keys(bucket).stream()
                .filter(key -> key.endsWith("/" + fileName))
                .toList();
        assertThat(keys).singleElement().asString().matches(PREFIX + fileName);
        return keys.getFirst();
    }

    private static int closedPort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
