package dev.jobrunner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import dev.jobrunner.testing.Deliveries;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3TestStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of deliveries that are wrong in every way a producer, a proxy or an attacker can make
 * them wrong. Each must be refused with the 4xx its kind calls for, as problem+json that says why;
 * none may get a 5xx or start a Job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({KubernetesTestCluster.class, S3TestStorage.class})
class MalformedDeliveriesFuzzTests {

    private static final long SEED = 20261122L;
    private static final int CASES = 3500;
    // jobrunner.job.max-request-size and the longest env value, command or args item, by default.
    private static final int BODY_LIMIT = 64 * 1024;
    private static final int VALUE_LIMIT = 32 * 1024;
    private static final String VALID = """
            {"image":"registry.example/acme/app:1.0","jobName":"fuzz","timeOut":5,"inputBucket":"corpus","outputBucket":"results"}""";

    @LocalServerPort
    int port;

    @Autowired
    KubernetesClient client;

    @Test
    @DisplayName("Every malformed delivery gets the 4xx of its kind as problem+json naming the problem; none a 5xx")
    void malformedDeliveriesAreRefused() {
        var deliveries = new Deliveries(port);
        var random = new Random(SEED);
        var jobsBefore = client.batch().v1().jobs().list().getItems().size();
        var failures = new ArrayList<String>();
        var statuses = new TreeMap<Integer, Integer>();

        for (int i = 0; i < CASES; i++) {
            var delivery = generate(random, i);
            var reply = delivery.chunked()
                    ? deliveries.rawChunked(delivery.headers(), delivery.body())
                    : deliveries.raw(delivery.method(), delivery.headers(), delivery.body());
            statuses.merge(reply.statusCode(), 1, Integer::sum);
            var refusedClearly = reply.statusCode() == delivery.expected()
                    && reply.headers().firstValue("content-type").orElse("").equals("application/problem+json")
                    && reply.body().contains("\"detail\"");
            if (!refusedClearly && failures.size() < 10) {
                failures.add(delivery.kind() + " -> " + reply.statusCode() + " (expected " + delivery.expected() + ") "
                        + abbreviate(reply.body()));
            }
        }

        assertThat(failures)
                .as("deliveries not refused as their kind calls for (seed %d, statuses %s)", SEED, statuses)
                .isEmpty();
        assertThat(statuses.keySet()).as("statuses seen").containsExactly(400, 405, 413, 415);
        assertThat(client.batch().v1().jobs().list().getItems()).hasSize(jobsBefore);
    }

    /** One malformed delivery; every kind is broken by construction, never valid by chance. */
    private static Delivery generate(Random random, int i) {
        var kinds = List.<Function<Random, Delivery>>of(
                MalformedDeliveriesFuzzTests::randomBytes,
                MalformedDeliveriesFuzzTests::wrongFieldType,
                MalformedDeliveriesFuzzTests::hugeString,
                MalformedDeliveriesFuzzTests::deepNesting,
                MalformedDeliveriesFuzzTests::invalidName,
                MalformedDeliveriesFuzzTests::unknownField,
                MalformedDeliveriesFuzzTests::wrongEncoding,
                MalformedDeliveriesFuzzTests::brokenHeaders,
                MalformedDeliveriesFuzzTests::brokenStructured,
                MalformedDeliveriesFuzzTests::wrongMethod,
                MalformedDeliveriesFuzzTests::unreadContentType,
                MalformedDeliveriesFuzzTests::charsetVariant,
                MalformedDeliveriesFuzzTests::oversizedBody,
                MalformedDeliveriesFuzzTests::oversizedValue);
        return kinds.get(i % kinds.size()).apply(random);
    }

    private static Delivery randomBytes(Random random) {
        var body = new byte[random.nextInt(2048)];
        random.nextBytes(body);
        return binary("random bytes", body);
    }

    private static Delivery wrongFieldType(Random random) {
        var field = pick(
                random,
                "image",
                "jobName",
                "timeOut",
                "inputBucket",
                "outputBucket",
                "command",
                "args",
                "env",
                "retries");
        var value = pick(
                random,
                "true",
                "false",
                "null",
                "[]",
                "{}",
                "-1",
                "1e400",
                "3.7",
                "\"\"",
                "[1,2]",
                "{\"a\":[]}",
                "\"   \"",
                "9223372036854775808");
        // A string field given a non-string (or blank), a number given a string or fraction: never valid.
        var wrong = switch (field) {
            case "timeOut", "retries" -> pick(random, "\"5\"", "3.7", "-1", "1e400", "true", "[]", "{}");
            case "outputBucket" -> pick(random, "true", "[]", "{}", "\"   \"", "-1", "\"x\"");
            case "command", "args" -> pick(random, "\"ls\"", "[1]", "{}", "true", "[null]");
            case "env" -> pick(random, "[]", "\"A=1\"", "{\"A\":1}", "{\"INPUT_BUCKET\":\"x\"}", "{\"1A\":\"x\"}");
            default -> value.equals("null") ? "\"   \"" : value;
        };
        return binary("wrong type for " + field, replace(field, wrong));
    }

    private static Delivery hugeString(Random random) {
        var field = pick(random, "image", "jobName", "inputBucket");
        // Past the body limit: refused before any field is read.
        return binary("huge " + field, replace(field, "\"" + "x".repeat(100_000 + random.nextInt(900_000)) + "\""))
                .expecting(413);
    }

    private static Delivery deepNesting(Random random) {
        var depth = 2_000 + random.nextInt(8_000);
        var value = "[".repeat(depth) + "]".repeat(depth);
        return binary("nesting " + depth, replace(pick(random, "args", "env", "image"), value));
    }

    private static Delivery invalidName(Random random) {
        var names = List.of(
                "UPPER",
                "with_underscore",
                "-leading",
                "trailing-",
                "dots.in.name",
                "",
                " ",
                "a".repeat(51),
                "ünïcode",
                "new\nline",
                "tab\tname",
                "émoji-😀",
                "a/b",
                "..");
        return binary("invalid jobName", replace("jobName", quoted(names.get(random.nextInt(names.size())))));
    }

    private static Delivery unknownField(Random random) {
        var name = pick(random, "timeout", "JobName", "image ", "bucket", "__proto__", "", "\u0000");
        return binary(
                "unknown field", VALID.replace("{", "{" + quoted(name) + ":1,").getBytes(StandardCharsets.UTF_8));
    }

    private static Delivery wrongEncoding(Random random) {
        var body = switch (random.nextInt(3)) {
            case 0 -> VALID.replace("fuzz", "fuzz\u00e9").getBytes(StandardCharsets.UTF_16);
            case 1 -> VALID.replace("fuzz", "fu\u00e9zz").getBytes(StandardCharsets.ISO_8859_1);
            default -> {
                var bytes = VALID.replace("fuzz", "fu##zz").getBytes(StandardCharsets.UTF_8);
                var at = VALID.indexOf("fuzz") + 2;
                bytes[at] = (byte) 0xC3;
                bytes[at + 1] = (byte) 0x28;
                yield bytes;
            }
        };
        return binary("wrong encoding", body);
    }

    private static Delivery brokenHeaders(Random random) {
        var headers = binaryHeaders();
        switch (random.nextInt(6)) {
            case 0 -> headers.remove(pick(random, "Ce-Id", "Ce-Source", "Ce-Type", "Ce-Specversion"));
            case 1 -> headers.put("Ce-Specversion", pick(random, "2.0", "1", "", "1.0.0", "v1"));
            case 2 -> headers.put("Ce-Source", pick(random, "%%%", "::", "http://[bad", ""));
            case 3 -> headers.put("Ce-Time", pick(random, "yesterday", "2026-13-45T99:99:99Z", "1700000000"));
            case 4 -> headers.put("Ce-Id", "");
            default -> headers.put("Ce-Type", "");
        }
        return new Delivery("broken headers " + headers, "POST", headers, VALID.getBytes(StandardCharsets.UTF_8));
    }

    private static Delivery brokenStructured(Random random) {
        var event = switch (random.nextInt(5)) {
            case 0 -> "{\"specversion\":\"1.0\",\"id\":\"x\"";
            case 1 -> "{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"t\",\"data\":" + VALID + "}";
            case 2 -> "{\"specversion\":\"9.9\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"t\",\"data\":" + VALID + "}";
            case 3 -> "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"t\",\"data_base64\":\"!!!\"}";
            default -> "[" + VALID + "]";
        };
        return new Delivery(
                "broken structured " + event,
                "POST",
                Map.of("Content-Type", "application/cloudevents+json"),
                event.getBytes(StandardCharsets.UTF_8));
    }

    private static Delivery wrongMethod(Random random) {
        var method = pick(random, "GET", "PUT", "DELETE", "PATCH");
        return new Delivery(method, method, binaryHeaders(), VALID.getBytes(StandardCharsets.UTF_8)).expecting(405);
    }

    /** A valid request under a content type that is not JSON, or not a content type at all. */
    private static Delivery unreadContentType(Random random) {
        var contentType = pick(
                random,
                "multipart/form-data",
                "multipart/form-data; boundary=----fuzz",
                "application/x-www-form-urlencoded",
                "text/xml",
                "application/xml",
                "text/plain",
                "text/json",
                "application/octet-stream",
                "application/cloudevents+xml",
                "*/*",
                "application/*",
                "garbage",
                ";;;",
                "application/",
                "/json",
                "application/json/extra",
                "application/json; charset=no-such-charset",
                "application/json; charset=\"\"",
                randomPrintable(random));
        var headers = binaryHeaders();
        headers.put("Content-Type", contentType);
        return new Delivery("content type " + contentType, "POST", headers, VALID.getBytes(StandardCharsets.UTF_8))
                .expecting(415);
    }

    /** A JSON content type with a charset the JDK knows, on a request that is broken anyway. */
    private static Delivery charsetVariant(Random random) {
        var broken = pick(
                        random,
                        List.<Function<Random, Delivery>>of(
                                MalformedDeliveriesFuzzTests::wrongFieldType,
                                MalformedDeliveriesFuzzTests::invalidName,
                                MalformedDeliveriesFuzzTests::unknownField,
                                MalformedDeliveriesFuzzTests::wrongEncoding))
                .apply(random);
        var charset = pick(random, "utf-8", "UTF-8", "\"utf-8\"", "iso-8859-1", "utf-16", "US-ASCII", "windows-1252");
        var type = pick(random, "application/json", "Application/JSON", "application/vnd.acme.job+json");
        var headers = new LinkedHashMap<>(broken.headers());
        headers.put("Content-Type", type + "; charset=" + charset);
        return new Delivery(broken.kind() + " as " + headers.get("Content-Type"), "POST", headers, broken.body());
    }

    /** A valid request padded past the body limit, sent with its length or in chunks without one. */
    private static Delivery oversizedBody(Random random) {
        var size = BODY_LIMIT + 1 + random.nextInt(1024 * 1024);
        var body = VALID.substring(0, VALID.length() - 1) + " ".repeat(size - VALID.length()) + "}";
        var chunked = random.nextBoolean();
        return new Delivery(
                (chunked ? "chunked " : "") + "body of " + size + " bytes",
                "POST",
                binaryHeaders(),
                body.getBytes(StandardCharsets.UTF_8),
                chunked,
                413);
    }

    /** One env value, command or args item, or env name past its limit, in a body within the limit. */
    private static Delivery oversizedValue(Random random) {
        var value = "v".repeat(VALUE_LIMIT + 1 + random.nextInt(20_000));
        return switch (random.nextInt(4)) {
            case 0 -> binary("env value of " + value.length(), replace("env", "{\"TOKEN\":\"" + value + "\"}"));
            case 1 -> binary("command item of " + value.length(), replace("command", "[\"sh\",\"" + value + "\"]"));
            case 2 -> binary("args item of " + value.length(), replace("args", "[\"" + value + "\"]"));
            default -> binary("env name of 300", replace("env", "{\"" + "N".repeat(300) + "\":\"x\"}"));
        };
    }

    private static Delivery binary(String kind, byte[] data) {
        return new Delivery(kind, "POST", binaryHeaders(), data);
    }

    private static Delivery binary(String kind, String data) {
        return binary(kind, data.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> binaryHeaders() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Ce-Specversion", "1.0");
        headers.put("Ce-Id", "fuzz-" + System.nanoTime());
        headers.put("Ce-Source", Deliveries.SOURCE);
        headers.put("Ce-Type", Deliveries.REQUEST_TYPE);
        headers.put("Content-Type", "application/json");
        return headers;
    }

    /** The valid request with one field's value replaced by raw JSON. */
    private static String replace(String field, String rawJson) {
        var start = VALID.indexOf("\"" + field + "\":");
        if (start < 0) {
            return VALID.replace("}", ",\"" + field + "\":" + rawJson + "}");
        }
        var valueStart = start + field.length() + 3;
        var valueEnd = VALID.indexOf(VALID.charAt(valueStart) == '"' ? "\"," : ",", valueStart + 1);
        valueEnd = valueEnd < 0 ? VALID.length() - 1 : VALID.charAt(valueStart) == '"' ? valueEnd + 1 : valueEnd;
        return VALID.substring(0, valueStart) + rawJson + VALID.substring(valueEnd);
    }

    private static String quoted(String value) {
        return "\""
                + value.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\t", "\\t")
                        .replace("\u0000", "\\u0000")
                + "\"";
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Printable ASCII without spaces: never empty, almost never a media type, never a JSON one. */
    private static String randomPrintable(Random random) {
        var chars = new char[1 + random.nextInt(40)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('!' + random.nextInt(94));
        }
        return new String(chars);
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    /**
     * @param chunked sent without a Content-Length
     * @param expected the status this kind of delivery must get
     */
    private record Delivery(
            String kind, String method, Map<String, String> headers, byte[] body, boolean chunked, int expected) {

        /** Refused as an invalid request (400), the kind most deliveries are. */
        Delivery(String kind, String method, Map<String, String> headers, byte[] body) {
            this(kind, method, headers, body, false, 400);
        }

        Delivery expecting(int status) {
            return new Delivery(kind, method, headers, body, chunked, status);
        }
    }
}
