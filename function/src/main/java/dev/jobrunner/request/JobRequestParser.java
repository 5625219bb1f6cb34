package dev.jobrunner.request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.jobrunner.JobRunnerProperties;
import dev.jobrunner.request.InvalidJobRequestException.FieldError;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON job request a delivery carries and checks every rule at once, so a client learns
 * all that is wrong with a request from one reply.
 */
@Component
public class JobRequestParser {

    static final List<String> FIELDS =
            List.of("image", "jobName", "timeOut", "inputBucket", "outputBucket", "command", "args", "env", "retries");

    static final int MAX_RETRIES = 10;

    // Docker reference grammar: [host[:port]/]path[:tag][@digest], path components lower-case.
    private static final Pattern IMAGE = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
                    + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> RESERVED_ENV = Set.of("INPUT_BUCKET", "OUTPUT_BUCKET");
    private static final String RESERVED_ENV_PREFIX = "MINIO_";
    private static final int MAX_IMAGE_LENGTH = 512;
    private static final int MAX_LIST_SIZE = 256;
    private static final int MAX_SHOWN_VALUE = 64;

    private final ObjectReader reader;
    private final JobRunnerProperties.Job settings;

    public JobRequestParser(JsonMapper mapper, JobRunnerProperties properties) {
        this.reader = mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        this.settings = properties.job();
    }

    /**
     * @param data the event's data, {@code null} when it has none
     * @return the request it holds
     * @throws InvalidJobRequestException naming every field that breaks a rule
     */
    public JobRequest parse(byte[] data) {
        if (data == null || data.length == 0) {
            throw new InvalidJobRequestException("data", "is empty: the event must carry a JSON job request");
        }
        JsonNode root;
        try {
            root = reader.readTree(data);
        } catch (JacksonException e) {
            // Only where: the parser's own message quotes the offending text, which may be a credential.
            var at = e.getLocation();
            throw new InvalidJobRequestException(
                    "data",
                    at == null
                            ? "is not valid JSON"
                            : "is not valid JSON (line %d, column %d)".formatted(at.getLineNr(), at.getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidJobRequestException("data", "must be a JSON object, was " + describe(root));
        }
        return new Fields(root).toRequest();
    }

    /** One pass over the request's fields, collecting every broken rule. */
    private final class Fields {

        private final JsonNode root;
        private final List<FieldError> errors = new ArrayList<>();

        Fields(JsonNode root) {
            this.root = root;
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
            if (image.length() > MAX_IMAGE_LENGTH || !IMAGE.matcher(image).matches()) {
                return reject(
                        "image",
                        "must be an image reference such as registry.example/team/app:1.0, was " + shown(image));
            }
            if (!settings.allowedImages().isEmpty()
                    && settings.allowedImages().stream().noneMatch(image::startsWith)) {
                return reject(
                        "image",
                        "is not allowed here: images must start with one of "
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
            if (!node.isIntegralNumber()
                    || !node.canConvertToLong()
                    || node.longValue() < 1
                    || node.longValue() > max) {
                reject("timeOut", "must be a whole number of minutes from 1 to " + max + ", was " + describe(node));
                return null;
            }
            return Duration.ofMinutes(node.longValue());
        }

        private String bucket(String field, boolean required) {
            var bucket = string(field, required);
            if (bucket != null
                    && (!BUCKET.matcher(bucket).matches()
                            || bucket.contains("..")
                            || bucket.contains(".-")
                            || bucket.contains("-.")
                            || bucket.startsWith("xn--")
                            || bucket.startsWith("sthree-")
                            || bucket.endsWith("-s3alias")
                            || IP_ADDRESS.matcher(bucket).matches())) {
                return reject(
                        field,
                        "must be an S3 bucket name (3 to 63 characters: a-z, 0-9, '.' and '-',"
                                + " starting and ending with a letter or digit, no '..', '.-' or '-.', not an IP"
                                + " address), was " + shown(bucket));
            }
            return bucket;
        }

        private List<String> strings(String field) {
            var node = present(field);
            if (node == null) {
                return List.of();
            }
            if (!node.isArray() || node.size() > MAX_LIST_SIZE || !allStrings(node)) {
                reject(field, "must be an array of at most " + MAX_LIST_SIZE + " strings, was " + describe(node));
                return List.of();
            }
            var values = new ArrayList<String>();
            node.forEach(item -> values.add(item.stringValue()));
            return values;
        }

        private Map<String, String> env() {
            var node = present("env");
            if (node == null) {
                return Map.of();
            }
            if (!node.isObject() || node.size() > MAX_LIST_SIZE) {
                reject(
                        "env",
                        "must be an object of at most " + MAX_LIST_SIZE + " names and string values, was "
                                + describe(node));
                return Map.of();
            }
            var env = new LinkedHashMap<String, String>();
            for (var entry : node.properties()) {
                var name = entry.getKey();
                var field = "env." + truncated(name);
                if (!ENV_NAME.matcher(name).matches()) {
                    reject(
                            field,
                            "is not a valid environment variable name (letters, digits and '_', not starting"
                                    + " with a digit)");
                } else if (RESERVED_ENV.contains(name) || name.startsWith(RESERVED_ENV_PREFIX)) {
                    reject(
                            field,
                            "is set by job-runner and cannot be overridden (INPUT_BUCKET, OUTPUT_BUCKET, MINIO_*)");
                } else if (!entry.getValue().isString()) {
                    // The value is not shown: environment values often carry credentials.
                    reject(
                            field,
                            "must be a string, was "
                                    + entry.getValue().getNodeType().name().toLowerCase());
                } else {
                    env.put(name, entry.getValue().stringValue());
                }
            }
            return env;
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

    private static boolean allStrings(JsonNode array) {
        for (var item : array) {
            if (!item.isString()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> shown(node.stringValue());
            case NUMBER, BOOLEAN, NULL -> node.toString();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /** A value quoted for an error message. */
    private static String shown(String value) {
        return "'" + truncated(value) + "'";
    }

    /** Cut short and without control characters, so a hostile field cannot flood or garble the reply. */
    private static String truncated(String value) {
        var cut = value.length() > MAX_SHOWN_VALUE ? value.substring(0, MAX_SHOWN_VALUE) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
