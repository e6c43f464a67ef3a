package io.tapelib.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.controller.ElementAddress;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads and checks the request fields of the controller forwards (docs/operator-api.md): the JSON bodies of load,
 * unload, export, import and move, the drive number, the volume tag and the job list's limit. Every refusal is an
 * {@link InvalidFieldException} (HTTP 400) naming the field; a client's value is quoted at most
 * {@link InvalidFieldException#ECHO_LIMIT} characters long.
 */
final class ForwardBodies {
    /** Longest body read, characters: the largest valid body (a move) is under 100. */
    static final int MAX_BODY = 4096;
    /** Longest volume tag, characters: SMC-3 section 6.6.2 gives the primary volume tag identifier 32 bytes of ASCII. */
    static final int MAX_TAG = 32;
    /** Largest drive or element number taken; no library has a million elements. */
    static final int MAX_NUMBER = 1_000_000;
    /** The controller's job list: 1..1000 jobs, 100 by default (docs/operator-api.md, "Bounds"). */
    static final int MAX_JOBS = 1000;
    static final int DEFAULT_JOBS = 100;

    private final ObjectMapper json;

    ForwardBodies(ObjectMapper json) {
        this.json = json;
    }

    /** What a load names: a volume tag, or a storage element (slot &gt; 0). */
    record LoadTarget(String volumeTag, int slot) {
    }

    /** {@code {"volumeTag": "TL0001L5"}} or {@code {"slot": 3}}: exactly one. */
    LoadTarget load(String body) {
        JsonNode root = object(body, Set.of("volumeTag", "slot"));
        JsonNode tag = root.get("volumeTag");
        JsonNode slot = root.get("slot");
        boolean hasTag = tag != null && !tag.isNull();
        boolean hasSlot = slot != null && !slot.isNull();
        if (hasTag == hasSlot) {
            throw new InvalidFieldException(hasTag ? "slot" : "volumeTag", "the body names exactly one of \"volumeTag\""
                    + " or \"slot\", e.g. {\"volumeTag\": \"TL0001L5\"} or {\"slot\": 3}");
        }
        if (hasTag) {
            if (!tag.isTextual()) {
                throw new InvalidFieldException("volumeTag", "volumeTag must be a string such as \"TL0001L5\"");
            }
            return new LoadTarget(volumeTag("volumeTag", tag.asText()), 0);
        }
        return new LoadTarget(null, number("slot", slot, 1));
    }

    /** The optional {@code "slot"} of {@code {}} or {@code {"slot": n}} (unload, export, import); 0 when absent. */
    int optionalSlot(String body) {
        JsonNode slot = object(body, Set.of("slot")).get("slot");
        return slot == null || slot.isNull() ? 0 : number("slot", slot, 1);
    }

    /** {@code {"from": {"type": "STORAGE", "number": 3}, "to": {"type": "IMPORT_EXPORT", "number": 49}}}. */
    ElementAddress[] move(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidFieldException(null, "the body is required: {\"from\": {\"type\": \"STORAGE\", \"number\": 3},"
                    + " \"to\": {\"type\": \"IMPORT_EXPORT\", \"number\": 49}}");
        }
        JsonNode root = object(body, Set.of("from", "to"));
        return new ElementAddress[] {element("from", root.get("from")), element("to", root.get("to"))};
    }

    /**
     * A volume tag from the path or a body: 1..{@value #MAX_TAG} printable ASCII characters without blanks (SMC-3
     * section 6.6.2); surrounding blanks are dropped.
     */
    static String volumeTag(String field, String value) {
        String tag = value == null ? "" : value.strip();
        if (tag.isEmpty()) {
            throw new InvalidFieldException(field, field + " is required (a volume tag such as TL0001L5)");
        }
        if (tag.length() > MAX_TAG) {
            throw new InvalidFieldException(field, field + " has " + tag.length() + " characters; a volume tag has at"
                    + " most " + MAX_TAG + " (SMC-3 volume tag)");
        }
        if (!tag.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidFieldException(field, field + " " + InvalidFieldException.echo(tag)
                    + " is not a volume tag: printable ASCII without blanks (SMC-3 volume tag)");
        }
        return tag;
    }

    /** A drive number from the path: 0..{@value #MAX_NUMBER}. */
    static int drive(String value) {
        return wholeNumber("drive", value, 0, MAX_NUMBER, "a drive number as GET /api/v1/library lists it, from 0");
    }

    /** The job list's {@code limit}: 1..{@value #MAX_JOBS}, {@value #DEFAULT_JOBS} when absent. */
    static int jobLimit(String value) {
        return value == null ? DEFAULT_JOBS : wholeNumber("limit", value, 1, MAX_JOBS, "how many jobs to list");
    }

    private static int wholeNumber(String field, String value, int min, int max, String what) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidFieldException(field, field + " must be a whole number from " + min + " to " + max + " ("
                + what + "), got " + InvalidFieldException.echo(value));
    }

    private ElementAddress element(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidFieldException(field, field + " is required: {\"type\": \"STORAGE\" or \"IMPORT_EXPORT\","
                    + " \"number\": n}");
        }
        if (!node.isObject()) {
            throw new InvalidFieldException(field, field + " must be an object {\"type\": ..., \"number\": n}");
        }
        requireKnownFields(field + ".", node, Set.of("type", "number"));
        JsonNode type = node.get("type");
        String typeField = field + ".type";
        if (type == null || !type.isTextual()) {
            throw new InvalidFieldException(typeField, typeField + " is required: STORAGE or IMPORT_EXPORT");
        }
        ElementAddress.Type elementType = switch (type.asText()) {
            case "STORAGE" -> ElementAddress.Type.STORAGE;
            case "IMPORT_EXPORT" -> ElementAddress.Type.IMPORT_EXPORT;
            case "DATA_TRANSFER" -> throw new InvalidFieldException(typeField, typeField + " DATA_TRANSFER: a drive is"
                    + " reached through POST /api/v1/drives/{n}/load and /unload, not move");
            default -> throw new InvalidFieldException(typeField, typeField + " must be STORAGE or IMPORT_EXPORT, got "
                    + InvalidFieldException.echo(type.asText()));
        };
        JsonNode number = node.get("number");
        if (number == null || number.isNull()) {
            throw new InvalidFieldException(field + ".number", field + ".number is required (an element number as"
                    + " GET /api/v1/library lists it)");
        }
        return new ElementAddress(elementType, number(field + ".number", number, 1));
    }

    private JsonNode object(String body, Set<String> known) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        if (body.length() > MAX_BODY) {
            throw new InvalidFieldException(null, "the body has " + body.length() + " characters; at most " + MAX_BODY
                    + " are read");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException(null, "the body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFieldException(null, "the body must be a JSON object");
        }
        requireKnownFields("", root, known);
        return root;
    }

    private static void requireKnownFields(String prefix, JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String shown = name.length() > InvalidFieldException.ECHO_LIMIT
                        ? name.substring(0, InvalidFieldException.ECHO_LIMIT) + "..." : name;
                throw new InvalidFieldException(prefix + shown, "unknown field " + InvalidFieldException.echo(prefix + name)
                        + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static int number(String field, JsonNode node, int min) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > MAX_NUMBER) {
            throw new InvalidFieldException(field, field + " must be a whole number from " + min + " to " + MAX_NUMBER
                    + " (an element number as GET /api/v1/library lists it)");
        }
        return node.intValue();
    }
}
