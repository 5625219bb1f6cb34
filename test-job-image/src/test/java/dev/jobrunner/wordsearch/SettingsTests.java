package dev.jobrunner.wordsearch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading {@link Settings} from the Job's environment. */
class SettingsTests {

    private static final String SECRET = "s3cr3t-value-that-must-not-show";

    @Test
    @DisplayName("reads the storage settings the function passes, http unless MINIO_SECURE is true")
    void readWhenStorageVariablesSetReturnsThem() {
        // Given
        var environment = storageEnvironment();

        // When
        var settings = Settings.storage(environment);

        // Then
        assertThat(settings.endpoint()).isEqualTo("http://minio.storage.svc:9000");
        assertThat(settings.accessKey()).isEqualTo("access");
        assertThat(settings.secretKey()).isEqualTo(SECRET);
        assertThat(settings.outputBucket()).isEqualTo("results");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " True "})
    @DisplayName("uses https when MINIO_SECURE is true in any case")
    void readWhenSecureTrueUsesHttps(String secure) {
        // Given
        var environment = storageEnvironment();
        environment.put("MINIO_SECURE", secure);

        // When
        var settings = Settings.storage(environment);

        // Then
        assertThat(settings.endpoint()).isEqualTo("https://minio.storage.svc:9000");
    }

    @Test
    @DisplayName("names every missing or unusable storage variable in one message, never quoting the keys")
    void readWhenStorageVariablesMissingNamesAll() {
        // Given
        var environment = new HashMap<String, String>();
        environment.put("MINIO_SERVICE_PORT", "70000");
        environment.put("MINIO_SECURE", "yes");
        environment.put("MINIO_ACCESS_KEY", " ");

        // When / Then
        assertThatThrownBy(() -> Settings.storage(environment))
                .isInstanceOfSatisfying(
                        JobFailure.class,
                        failure -> assertThat(failure.exitCode()).isEqualTo(WordSearchJob.INVALID_CONFIGURATION))
                .hasMessage("invalid configuration: MINIO_SERVICE_HOST is not set; "
                        + "MINIO_SERVICE_PORT must be a port number from 1 to 65535, was '70000'; "
                        + "MINIO_SECURE must be true or false, was 'yes'; MINIO_ACCESS_KEY is not set; "
                        + "MINIO_SECRET_KEY is not set; OUTPUT_BUCKET is not set");
    }

    @Test
    @DisplayName("prints settings without the credentials")
    void toStringWhenSettingsHoldCredentialsLeavesThemOut() {
        // When
        var text = Settings.storage(storageEnvironment()).toString();

        // Then
        assertThat(text).contains("minio.storage.svc").doesNotContain(SECRET).doesNotContain("access");
    }

    @Test
    @DisplayName("reads the search settings: the word trimmed, by default one second per object and every key")
    void readWhenSearchVariablesSetReturnsThem() {
        // Given
        var environment = Map.of("INPUT_BUCKET", "corpus", "SEARCH_WORD", "  kubernetes\t");

        // When
        var settings = Settings.search(environment);

        // Then
        assertThat(settings).isEqualTo(new Settings.Search("corpus", "kubernetes", Duration.ofSeconds(1), ""));
    }

    @Test
    @DisplayName("takes FILE_PREFIX literally, white space included, since a key may begin with any character")
    void readWhenFilePrefixSetKeepsItAsGiven() {
        // Given
        var environment = Map.of("INPUT_BUCKET", "corpus", "SEARCH_WORD", "kubernetes", "FILE_PREFIX", " docs/");

        // When
        var settings = Settings.search(environment);

        // Then
        assertThat(settings.filePrefix()).isEqualTo(" docs/");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is {1} ms")
    @DisplayName("accepts whole and fractional seconds of simulated work")
    @CsvSource({"0, 0", "0.5, 500", "2, 2000", "'1.25 ', 1250", "0.0001, 0"})
    void readWhenWorkSecondsSetAcceptsFractions(String seconds, long expectedMillis) {
        // Given
        var environment =
                Map.of("INPUT_BUCKET", "corpus", "SEARCH_WORD", "kubernetes", "WORK_SECONDS_PER_FILE", seconds);

        // When
        var settings = Settings.search(environment);

        // Then
        assertThat(settings.workPerFile().toMillis()).isEqualTo(expectedMillis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.0000000001", "1s", "NaN", "1e100"})
    @DisplayName("rejects simulated work that is not a usable non-negative number of seconds, quoting it")
    void readWhenWorkSecondsInvalidNamesVariable(String seconds) {
        // Given
        var environment =
                Map.of("INPUT_BUCKET", "corpus", "SEARCH_WORD", "kubernetes", "WORK_SECONDS_PER_FILE", seconds);

        // When / Then
        assertThatThrownBy(() -> Settings.search(environment))
                .hasMessage("invalid configuration: WORK_SECONDS_PER_FILE must be a non-negative number of seconds "
                        + "such as 0, 0.5 or 2, was '" + seconds + "'");
    }

    @Test
    @DisplayName("names both missing search variables and a word that spans lines")
    void readWhenSearchVariablesMissingNamesAll() {
        // When / Then
        assertThatThrownBy(() -> Settings.search(Map.of()))
                .hasMessage("invalid configuration: INPUT_BUCKET is not set; SEARCH_WORD is not set");
        assertThatThrownBy(() -> Settings.search(Map.of("INPUT_BUCKET", "corpus", "SEARCH_WORD", "two\nlines")))
                .hasMessage("invalid configuration: SEARCH_WORD must not contain a line break");
    }

    private static Map<String, String> storageEnvironment() {
        var environment = new HashMap<String, String>();
        environment.put("MINIO_SERVICE_HOST", "minio.storage.svc");
        environment.put("MINIO_SERVICE_PORT", "9000");
        environment.put("MINIO_ACCESS_KEY", "access");
        environment.put("MINIO_SECRET_KEY", SECRET);
        environment.put("OUTPUT_BUCKET", "results");
        return environment;
    }
}
