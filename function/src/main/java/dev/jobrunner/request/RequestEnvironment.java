package dev.jobrunner.request;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import static dev.jobrunner.request.ShownValues.describe;
import static dev.jobrunner.request.ShownValues.truncated;

/**
 * The request's {@code env}: extra variables for the Job's container, which can never replace
 * what job-runner itself gives the Job (its buckets, prefix and storage access), nor what the Job
 * template sets.
 */
final class RequestEnvironment {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // Names are identifiers, not data; NAME=value is one exec string, so names are bounded as values are.
    private static final int MAX_NAME_LENGTH = 256;
    private static final Set<String> RESERVED = Set.of("INPUT_BUCKET", "OUTPUT_BUCKET", "FILE_PREFIX");
    private static final String RESERVED_PREFIX = "MINIO_";

    private RequestEnvironment() {}

    /**
     * @param templateNames the names the Job template sets on the container
     * @param reject told the field and the rule of every entry that breaks one
     */
    static Map<String, String> read(JsonNode node, Set<String> templateNames, BiConsumer<String, String> reject) {
        if (!node.isObject() || node.size() > RequestFields.MAX_LIST_SIZE) {
            reject.accept(
                    "env",
                    "must be an object of at most " + RequestFields.MAX_LIST_SIZE + " names and string values, was "
                            + describe(node));
            return Map.of();
        }
        var env = new LinkedHashMap<String, String>();
        for (var entry : node.properties()) {
            var name = entry.getKey();
            var field = "env." + truncated(name);
            var value = entry.getValue();
            if (!ENV_NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
                reject.accept(
                        field,
                        "is not a valid environment variable name (letters, digits and '_', not starting"
                                + " with a digit, at most " + MAX_NAME_LENGTH + " characters)");
            } else if (RESERVED.contains(name) || name.startsWith(RESERVED_PREFIX)) {
                reject.accept(
                        field,
                        "is set by job-runner and cannot be overridden (INPUT_BUCKET, OUTPUT_BUCKET, FILE_PREFIX,"
                                + " MINIO_*)");
            } else if (templateNames.contains(name)) {
                reject.accept(field, "is set by the Job template and cannot be overridden");
            } else if (!value.isString()) {
                // The value is not shown: environment values often carry credentials.
                reject.accept(
                        field,
                        "must be a string, was " + value.getNodeType().name().toLowerCase(Locale.ROOT));
            } else if (value.stringValue().length() > RequestFields.MAX_VALUE_LENGTH) {
                reject.accept(
                        field,
                        "must be at most " + RequestFields.MAX_VALUE_LENGTH + " characters, was "
                                + value.stringValue().length());
            } else {
                env.put(name, value.stringValue());
            }
        }
        return env;
    }
}
