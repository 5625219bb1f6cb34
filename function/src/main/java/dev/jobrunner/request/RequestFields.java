package dev.jobrunner.request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.jobrunner.request.InvalidJobRequestException.FieldError;
import tools.jackson.databind.JsonNode;

import static dev.jobrunner.request.ShownValues.describe;
import static dev.jobrunner.request.ShownValues.shown;
import static dev.jobrunner.request.ShownValues.truncated;

/** One pass over a request's fields, collecting every broken rule, so a client learns all of them at once. */
/** One pass over the request's fields, collecting every broken rule. */
final class RequestFields {

    static final List<String> FIELDS = List.of(
            "image",
            "jobName",
            "timeOut",
            "inputBucket",
            "outputBucket",
            "prefix",
            "command",
            "args",
            "env",
            "retries");
    static final int MAX_RETRIES = 10;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    // Longer than any reference the grammar allows (a 255-character name, a tag, a long digest).
    private static final int MAX_IMAGE_LENGTH = 512;
    private static final int MAX_PREFIX_LENGTH = 1024;
    static final int MAX_LIST_SIZE = 256;
    /**
     * Longest {@code command} or {@code args} item and {@code env} value, in characters. Each becomes
     * one string of the container's {@code execve}, which Linux refuses past {@code MAX_ARG_STRLEN}
     * (32 pages, 128 KiB: {@code include/uapi/linux/binfmts.h}); 32 Ki characters stay below it even
     * at three UTF-8 bytes each. The Job as a whole is bounded too ({@code dev.jobrunner.job.JobTemplate}).
     */
    static final int MAX_VALUE_LENGTH = 32 * 1024;

    private final JsonNode root;
    private final RequestProperties settings;
    private final Set<String> templateEnv;
    private final List<FieldError> errors = new ArrayList<>();

    RequestFields(JsonNode root, RequestProperties settings, Set<String> templateEnv) {
        this.root = root;
        this.settings = settings;
        this.templateEnv = templateEnv;
    }

    JobRequest toRequest() {
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                reject(truncated(name), "is not a known field; known fields are " + String.join(", ", FIELDS));
            }
        }
        var image = image();
        var jobName = jobName();
        var timeout = timeout();
        var inputBucket = bucket("inputBucket", true);
        var outputBucket = bucket("outputBucket", false);
        var prefix = prefix();
        var command = strings("command");
        var args = strings("args");
        var env = env();
        var retries = retries();
        if (!errors.isEmpty()) {
            throw new InvalidJobRequestException(errors);
        }
        return new JobRequest(
                image,
                jobName,
                timeout,
                inputBucket,
                outputBucket == null ? inputBucket : outputBucket,
                prefix,
                command,
                args,
                env,
                retries);
    }

    private String image() {
        var image = string("image", true);
        if (image == null) {
            return null;
        }
        ImageReference reference;
        try {
            if (image.length() > MAX_IMAGE_LENGTH) {
                throw new IllegalArgumentException("it is longer than " + MAX_IMAGE_LENGTH + " characters");
            }
            reference = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            return reject(
                    "image",
                    "must be an image reference such as registry.example/team/app:1.0 (" + e.getMessage() + "), was "
                            + shown(image));
        }
        if (!settings.allowedImages().isEmpty()
                && settings.allowedImages().stream().noneMatch(reference::isAllowedBy)) {
            return reject(
                    "image",
                    "is not allowed here: " + reference.name() + " is not in or below any of "
                            + String.join(", ", settings.allowedImages()));
        }
        return image;
    }

    private String jobName() {
        var name = string("jobName", true);
        if (name != null
                && (name.length() > JobRequest.MAX_JOB_NAME_LENGTH
                        || !DNS_LABEL.matcher(name).matches())) {
            return reject(
                    "jobName",
                    "must be a lower-case DNS-1123 label (a-z, 0-9 and '-', starting and ending"
                            + " with a letter or digit) of at most " + JobRequest.MAX_JOB_NAME_LENGTH
                            + " characters, was " + shown(name));
        }
        return name;
    }

    private Duration timeout() {
        var node = present("timeOut");
        if (node == null) {
            return settings.defaultTimeout();
        }
        var max = settings.maxTimeout().toMinutes();
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1 || node.longValue() > max) {
            reject("timeOut", "must be a whole number of minutes from 1 to " + max + ", was " + describe(node));
            return null;
        }
        return Duration.ofMinutes(node.longValue());
    }

    private String bucket(String field, boolean required) {
        var bucket = string(field, required);
        if (bucket != null && !BucketNames.isValid(bucket)) {
            return reject(field, BucketNames.RULE + ", was " + shown(bucket));
        }
        return bucket;
    }

    /** Any key prefix, as the original worker took it; only its size and characters are bounded. */
    private String prefix() {
        var node = present("prefix");
        if (node == null) {
            return null;
        }
        if (!node.isString() || node.stringValue().length() > MAX_PREFIX_LENGTH) {
            return reject(
                    "prefix",
                    "must be a string of at most " + MAX_PREFIX_LENGTH + " characters, was " + describe(node));
        }
        if (node.stringValue().chars().anyMatch(Character::isISOControl)) {
            return reject("prefix", "must not contain control characters");
        }
        return node.stringValue();
    }

    private List<String> strings(String field) {
        var node = present(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()
                || node.size() > MAX_LIST_SIZE
                || !node.valueStream().allMatch(JsonNode::isString)) {
            reject(field, "must be an array of at most " + MAX_LIST_SIZE + " strings, was " + describe(node));
            return List.of();
        }
        var values = new ArrayList<String>();
        for (int i = 0; i < node.size(); i++) {
            var item = node.get(i).stringValue();
            if (item.length() > MAX_VALUE_LENGTH) {
                reject(
                        field + "[" + i + "]",
                        "must be at most " + MAX_VALUE_LENGTH + " characters, was " + item.length());
            }
            values.add(item);
        }
        return values;
    }

    private Map<String, String> env() {
        var node = present("env");
        return node == null
                ? Map.of()
                : RequestEnvironment.read(node, templateEnv, (field, rule) -> reject(field, rule));
    }

    private int retries() {
        var node = present("retries");
        if (node == null) {
            return 0;
        }
        if (!node.isIntegralNumber()
                || !node.canConvertToInt()
                || node.intValue() < 0
                || node.intValue() > MAX_RETRIES) {
            reject("retries", "must be a whole number from 0 to " + MAX_RETRIES + ", was " + describe(node));
            return 0;
        }
        return node.intValue();
    }

    private String string(String field, boolean required) {
        var node = present(field);
        if (node == null) {
            return required ? reject(field, "is required") : null;
        }
        if (!node.isString() || node.stringValue().isBlank()) {
            return reject(field, "must be a non-empty string, was " + describe(node));
        }
        return node.stringValue();
    }

    /** A JSON {@code null} counts as absent, as clients that serialise empty fields send it. */
    private JsonNode present(String field) {
        var node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private <T> T reject(String field, String message) {
        errors.add(new FieldError(field, message));
        return null;
    }
}
