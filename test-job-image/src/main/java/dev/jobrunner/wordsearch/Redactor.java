package dev.jobrunner.wordsearch;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Removes the credentials from text before it leaves the process. Exception messages from the
 * storage client or the network are not ours to vouch for, so every printed line and the error
 * file pass through here.
 */
final class Redactor {

    static final String MASK = "[redacted]";

    private final List<String> secrets;

    Redactor(List<String> secrets) {
        // Longest first, so a key that contains the other is masked whole.
        this.secrets = secrets.stream()
                .filter(secret -> !secret.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** Taken from the raw environment, so it works even when the settings are invalid. */
    static Redactor of(Map<String, String> environment) {
        return new Redactor(Stream.of(Credentials.ACCESS_KEY_VARIABLE, Credentials.SECRET_KEY_VARIABLE)
                .map(environment::get)
                .filter(Objects::nonNull)
                .toList());
    }

    String redact(String text) {
        var result = text;
        for (var secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
