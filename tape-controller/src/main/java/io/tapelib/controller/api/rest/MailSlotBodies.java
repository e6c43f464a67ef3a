package io.tapelib.controller.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.jobs.ElementRef;

import java.util.Iterator;
import java.util.Set;

/**
 * Reads the JSON bodies of the import, export and move requests. Every refusal is an {@link IllegalArgumentException}
 * (HTTP 400) whose message names the field; a value the caller sent is never repeated whole, so that a huge or
 * hostile body does not reach the log or the response.
 */
final class MailSlotBodies {

    /** Longest body read, in characters: the largest valid body (a move) is under 100. */
    static final int MAX_BODY = 4096;
    /** Largest element number taken; no library has a million elements. */
    private static final int MAX_NUMBER = 1_000_000;

    private final ObjectMapper json;

    MailSlotBodies(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The {@code importExportSlot} of an optional body {@code {"importExportSlot": n}}.
     *
     * @return 0 when the body is empty or does not name one
     */
    int importExportSlot(String body) {
        JsonNode root = object("body", body, Set.of("importExportSlot"));
        JsonNode slot = root.get("importExportSlot");
        return slot == null || slot.isNull() ? 0 : number("importExportSlot", slot, 0);
    }

    /** A move's two elements. */
    record Move(ElementRef from, ElementRef to) {
    }

    /** The two elements of {@code {"from": {"type": "STORAGE", "number": 3}, "to": {...}}}. */
    Move move(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("body is required: {\"from\": {\"type\": \"STORAGE\", \"number\": 3},"
                    + " \"to\": {\"type\": \"IMPORT_EXPORT\", \"number\": 49}}");
        }
        JsonNode root = object("body", body, Set.of("from", "to"));
        return new Move(element("from", root.get("from")), element("to", root.get("to")));
    }

    private ElementRef element(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(field + " is required: {\"type\": \"STORAGE\" or \"IMPORT_EXPORT\", \"number\": n}");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(field + " must be an object {\"type\": ..., \"number\": n}");
        }
        requireKnownFields(field + ".", node, Set.of("type", "number"));
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException(field + ".type is required: STORAGE or IMPORT_EXPORT");
        }
        ElementType elementType = switch (type.asText()) {
            case "STORAGE" -> ElementType.STORAGE;
            case "IMPORT_EXPORT" -> ElementType.IMPORT_EXPORT;
            case "DATA_TRANSFER" -> throw new IllegalArgumentException(field + ".type DATA_TRANSFER: a drive is reached"
                    + " through POST /api/v1/drives/{drive}/load and /unload, not move");
            default -> throw new IllegalArgumentException(field + ".type must be STORAGE or IMPORT_EXPORT");
        };
        JsonNode number = node.get("number");
        if (number == null || number.isNull()) {
            throw new IllegalArgumentException(field + ".number is required (as GET /api/v1/library lists the element)");
        }
        return new ElementRef(elementType, number(field + ".number", number, 1));
    }

    private JsonNode object(String field, String body, Set<String> known) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        if (body.length() > MAX_BODY) {
            throw new IllegalArgumentException(field + " has " + body.length() + " characters; at most " + MAX_BODY
                    + " are read");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(field + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(field + " must be a JSON object");
        }
        requireKnownFields("", root, known);
        return root;
    }

    private static void requireKnownFields(String prefix, JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
                throw new IllegalArgumentException("unknown field " + prefix + shown + " (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static int number(String field, JsonNode node, int min) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > MAX_NUMBER) {
            throw new IllegalArgumentException(field + " must be a whole number from " + min + " to " + MAX_NUMBER
                    + " (an element number as GET /api/v1/library lists it)");
        }
        return node.intValue();
    }
}
