package dev.jobrunner.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Job requests for tests: a valid request by default, changed one field at a time, so each test
 * shows only what matters to it.
 *
 * @param fields the request's JSON fields, in order
 */
public record JobRequests(Map<String, Object> fields) {

    private static final JsonMapper json = JsonMapper.builder().build();

    public JobRequests {
        fields = new LinkedHashMap<>(fields);
    }

    /** A request the function accepts: a five-minute Job reading {@code corpus}, writing {@code results}. */
    public static JobRequests request(String jobName) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("image", "registry.example/acme/app:1.0");
        fields.put("jobName", jobName);
        fields.put("timeOut", 5);
        fields.put("inputBucket", "corpus");
        fields.put("outputBucket", "results");
        return new JobRequests(fields);
    }

    public JobRequests with(String field, Object value) {
        var changed = new LinkedHashMap<>(fields);
        changed.put(field, value);
        return new JobRequests(changed);
    }

    public JobRequests without(String field) {
        var changed = new LinkedHashMap<>(fields);
        changed.remove(field);
        return new JobRequests(changed);
    }

    /** The request as the event's data. */
    public String json() {
        return json.writeValueAsString(fields);
    }
}
