package dev.jobrunner.wordsearch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads variables from the Job's environment and collects every problem, so that one message names
 * all the variables to fix rather than the first one only. Values are never echoed for the
 * credentials: only the readers of non-secret variables quote what they found.
 */
final class Environment {

    private final Map<String, String> variables;
    private final List<String> problems = new ArrayList<>();

    Environment(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The value as given; unset and blank both count as missing. */
    String required(String name) {
        var value = variables.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is not set");
            return "";
        }
        return value;
    }

    int port(String name) {
        var value = required(name);
        if (value.isEmpty()) {
            return 0;
        }
        try {
            var port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the value
        }
        problems.add(name + " must be a port number from 1 to 65535, was '" + value + "'");
        return 0;
    }

    /** {@code true} or {@code false} in any case; unset means {@code false}. */
    boolean flag(String name) {
        var value = variables.getOrDefault(name, "").strip();
        if (value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        problems.add(name + " must be true or false, was '" + value + "'");
        return false;
    }

    /** A non-negative number of seconds, fractions allowed ("0", "0.5", "2"). */
    Duration seconds(String name, Duration whenUnset) {
        var value = variables.getOrDefault(name, "").strip();
        if (value.isEmpty()) {
            return whenUnset;
        }
        try {
            var seconds = new BigDecimal(value);
            if (seconds.signum() >= 0) {
                var nanos = seconds.movePointRight(9)
                        .setScale(0, RoundingMode.HALF_UP)
                        .longValueExact();
                return Duration.ofNanos(nanos);
            }
        } catch (NumberFormatException | ArithmeticException notUsable) {
            // reported below, with the value
        }
        problems.add(name + " must be a non-negative number of seconds such as 0, 0.5 or 2, was '" + value + "'");
        return whenUnset;
    }

    void problem(String description) {
        problems.add(description);
    }

    /** Ends the reading of one group of settings: throws if any of its variables was unusable. */
    void failOnProblems() {
        if (!problems.isEmpty()) {
            throw JobFailure.invalidSettings(problems);
        }
    }
}
