package dev.jobrunner.wordsearch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Job's variables, read in two groups: storage first, since only with it can a later failure be
 * written to an error file, then the search. Each group reports all its problems in one message;
 * a problem quotes the value it found, except for the keys.
 */
final class Settings {

    /** {@code MINIO_*} and {@code OUTPUT_BUCKET}; https only when {@code MINIO_SECURE} is true. */
    record Storage(String host, int port, boolean secure, String accessKey, String secretKey, String outputBucket) {

        String endpoint() {
            return (secure ? "https" : "http") + "://" + host + ":" + port;
        }

        /** Records print their components; this one must never print the keys. */
        @Override
        public String toString() {
            return "Storage[endpoint=" + endpoint() + ", outputBucket=" + outputBucket + "]";
        }
    }

    /**
     * {@code INPUT_BUCKET}, {@code SEARCH_WORD} stripped, {@code WORK_SECONDS_PER_FILE} (default 1 s) and
     * {@code FILE_PREFIX}, taken literally since a key may begin with any character; unset is "", every key.
     */
    record Search(String inputBucket, String word, Duration workPerFile, String filePrefix) {

        /** For messages: where in the input bucket the search looks, when not everywhere. */
        String under() {
            return filePrefix.isEmpty() ? "" : " under '" + filePrefix + "'";
        }
    }

    private final Map<String, String> variables;
    private final List<String> problems = new ArrayList<>();

    private Settings(Map<String, String> variables) {
        this.variables = variables;
    }

    static Storage storage(Map<String, String> variables) {
        var settings = new Settings(variables);
        var storage = new Storage(
                settings.required("MINIO_SERVICE_HOST").strip(),
                settings.port("MINIO_SERVICE_PORT"),
                settings.flag("MINIO_SECURE"),
                settings.required("MINIO_ACCESS_KEY"),
                settings.required("MINIO_SECRET_KEY"),
                settings.required("OUTPUT_BUCKET").strip());
        settings.failOnProblems();
        return storage;
    }

    static Search search(Map<String, String> variables) {
        var settings = new Settings(variables);
        var inputBucket = settings.required("INPUT_BUCKET").strip();
        var word = settings.required("SEARCH_WORD").strip();
        // Matching is line by line: a word spanning lines could never match.
        if (word.contains("\n") || word.contains("\r")) {
            settings.problems.add("SEARCH_WORD must not contain a line break");
        }
        var workPerFile = settings.seconds("WORK_SECONDS_PER_FILE", Duration.ofSeconds(1));
        var search = new Search(inputBucket, word, workPerFile, variables.getOrDefault("FILE_PREFIX", ""));
        settings.failOnProblems();
        return search;
    }

    /** Unset and blank both count as missing. */
    private String required(String name) {
        var value = variables.getOrDefault(name, "");
        if (value.isBlank()) {
            problems.add(name + " is not set");
        }
        return value;
    }

    private int port(String name) {
        var value = required(name);
        // Five digits at most, so that parsing cannot overflow.
        var port = value.strip().matches("[0-9]{1,5}") ? Integer.parseInt(value.strip()) : 0;
        if (!value.isBlank() && (port < 1 || port > 65535)) {
            problems.add(name + " must be a port number from 1 to 65535, was '" + value + "'");
        }
        return port;
    }

    /** {@code true} or {@code false} in any case; unset means {@code false}. */
    private boolean flag(String name) {
        var value = variables.getOrDefault(name, "").strip();
        if (!value.isEmpty() && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            problems.add(name + " must be true or false, was '" + value + "'");
        }
        return value.equalsIgnoreCase("true");
    }

    /** A non-negative number of seconds, fractions allowed ("0", "0.5", "2"). */
    private Duration seconds(String name, Duration whenUnset) {
        var value = variables.getOrDefault(name, "").strip();
        if (value.isEmpty()) {
            return whenUnset;
        }
        try {
            var seconds = new BigDecimal(value);
            if (seconds.signum() >= 0) {
                return Duration.ofNanos(seconds.movePointRight(9)
                        .setScale(0, RoundingMode.HALF_UP)
                        .longValueExact());
            }
        } catch (NumberFormatException | ArithmeticException notUsable) {
            // reported below, with the value
        }
        problems.add(name + " must be a non-negative number of seconds such as 0, 0.5 or 2, was '" + value + "'");
        return whenUnset;
    }

    private void failOnProblems() {
        if (!problems.isEmpty()) {
            throw JobFailure.invalidSettings(problems);
        }
    }
}
