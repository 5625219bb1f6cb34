package dev.jobrunner.wordsearch;

import java.util.List;

/** The environment is missing a variable or holds an unusable value; the message names each one. */
final class InvalidSettingsException extends JobFailure {

    InvalidSettingsException(List<String> problems) {
        super("invalid configuration: " + String.join("; ", problems));
    }
}
