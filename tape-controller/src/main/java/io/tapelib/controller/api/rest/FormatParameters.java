package io.tapelib.controller.api.rest;

import java.util.Locale;
import java.util.UUID;

/**
 * The checked parameters of a format request, from the query ({@code erase}, {@code expectedUuid}) or the JSON body;
 * a value given in both places must agree.
 *
 * @param erase        whether data on the cartridge may be erased
 * @param expectedUuid the LTFS volume UUID the cartridge must hold, empty for any
 */
record FormatParameters(boolean erase, String expectedUuid) {

    /**
     * @throws IllegalArgumentException naming the field: {@code erase} not {@code true} or {@code false},
     *                                  {@code expectedUuid} not a UUID, or the query and the body disagree
     */
    static FormatParameters of(String eraseQuery, String expectedUuidQuery, FormatBody body) {
        Boolean erase = eraseQuery == null ? null : parseErase(eraseQuery);
        Boolean bodyErase = body == null ? null : body.erase();
        if (erase != null && bodyErase != null && !erase.equals(bodyErase)) {
            throw new IllegalArgumentException("erase is " + erase + " in the query and " + bodyErase + " in the body");
        }
        String uuid = expectedUuidQuery == null ? null : expectedUuidQuery.strip();
        String bodyUuid = body == null || body.expectedUuid() == null ? null : body.expectedUuid().strip();
        if (uuid != null && bodyUuid != null && !uuid.equals(bodyUuid)) {
            throw new IllegalArgumentException("expectedUuid is '" + uuid + "' in the query and '" + bodyUuid + "' in the body");
        }
        String expected = uuid != null ? uuid : bodyUuid != null ? bodyUuid : "";
        if (!expected.isEmpty()) {
            try {
                UUID.fromString(expected);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expectedUuid '" + expected + "' is not a UUID (LTFS volume UUIDs are"
                        + " RFC 4122, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301)");
            }
        }
        return new FormatParameters(Boolean.TRUE.equals(erase != null ? erase : bodyErase), expected);
    }

    private static boolean parseErase(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("erase must be true or false, got '" + value + "'");
        };
    }
}
