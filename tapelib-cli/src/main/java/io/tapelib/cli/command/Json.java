package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading fields of the servers' JSON for tables. */
final class Json {
    private Json() {
    }

    /** The field as text; null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** An ISO-8601 instant without its fraction of a second, e.g. 2026-12-05T09:12:03Z; null stays null. */
    static String time(JsonNode node, String field) {
        String iso = text(node, field);
        return iso == null ? null : iso.replaceFirst("\\.\\d+Z$", "Z");
    }
}
