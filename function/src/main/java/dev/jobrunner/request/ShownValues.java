package dev.jobrunner.request;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * How a rejected value appears in an error message: quoted, cut short and without control
 * characters, so a hostile field can neither flood nor garble the reply.
 */
final class ShownValues {

    private static final int MAX_SHOWN_VALUE = 64;

    private ShownValues() {}

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> shown(node.stringValue());
            case NUMBER, BOOLEAN, NULL -> node.toString();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    static String shown(String value) {
        return "'" + truncated(value) + "'";
    }

    static String truncated(String value) {
        var cut = value.length() > MAX_SHOWN_VALUE ? value.substring(0, MAX_SHOWN_VALUE) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
