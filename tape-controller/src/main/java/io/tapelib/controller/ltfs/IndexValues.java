package io.tapelib.controller.ltfs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;

/**
 * Strict parsing of the values of an LTFS index's text-only elements (LTFS Format Specification 2.4, sections 7 and
 * 9.2; reference implementation {@code xml_reader_libltfs.c}): unsigned decimal numbers that fit in 63 bits, booleans,
 * UTC time stamps, partitions {@code a} or {@code b}, UUIDs, percent-encoded names, text and base64 extended
 * attribute values, each held to its byte limit of {@link IndexLimits}. A bad value is a
 * {@link MalformedIndexException} naming the element and showing at most 40 characters of the value.
 */
final class IndexValues {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern WHITESPACE = Pattern.compile("[ \t\r\n]+");

    private final IndexCursor cursor;
    private final IndexLimits limits;

    IndexValues(IndexCursor cursor, IndexLimits limits) {
        this.cursor = cursor;
        this.limits = limits;
    }

    /** A UTC time stamp (section 7.7), the cursor on the element's start tag. */
    Instant time(String element) throws XMLStreamException {
        String text = cursor.text(element).trim();
        try {
            return LtfsTime.parse(text);
        } catch (DateTimeParseException e) {
            throw cursor.malformed("<" + element + "> '" + text + "' is not a UTC time stamp");
        }
    }

    /** A volume UUID, the cursor on the element's start tag. */
    String uuid(String element) throws XMLStreamException {
        String uuid = cursor.text(element).trim();
        if (!UUID.matcher(uuid).matches()) {
            throw cursor.malformed(element + " '" + shorten(uuid) + "' is not a UUID");
        }
        return uuid;
    }

    /** An unsigned decimal number of at most 2^63-1, surrounding white space allowed. */
    long unsigned(String element, String text) {
        String digits = text.trim();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw cursor.malformed("<" + element + "> '" + shorten(text) + "' is not an unsigned decimal number");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw cursor.malformed("<" + element + "> " + shorten(digits) + " exceeds 2^63-1");
        }
    }

    /** {@code true} or {@code false}; {@code 1} and {@code 0} as the reference implementation accepts them. */
    boolean bool(String element, String text) {
        return switch (text.trim()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw cursor.malformed("<" + element + "> '" + shorten(text) + "' is neither true nor false");
        };
    }

    /** Partition {@code a} as 0, {@code b} as 1. */
    int partition(String text) {
        String id = text.trim();
        if (id.equals("a") || id.equals("b")) {
            return id.charAt(0) - 'a';
        }
        throw cursor.malformed("partition '" + shorten(text) + "' is neither a nor b");
    }

    /** A value of an element that may appear once, where -1 means not yet seen. */
    long once(long current, long value, String element) {
        if (current >= 0) {
            throw cursor.malformed("<" + element + "> appears twice");
        }
        return value;
    }

    /** Text of a name-typed element, percent-decoded when it says so (section 7.4), the cursor on its start tag. */
    String nameText(String element) throws XMLStreamException {
        boolean encoded = "true".equals(cursor.attribute("percentencoded"));
        String text = cursor.text(element);
        if (!encoded) {
            return text;
        }
        try {
            return NameCodec.decode(text);
        } catch (IllegalArgumentException e) {
            throw cursor.malformed("<" + element + ">: " + e.getMessage());
        }
    }

    /** The text itself, refused when longer than {@code maxBytes} bytes in UTF-8. */
    String limited(String element, String text, int maxBytes) {
        // a UTF-8 character takes at most 3 bytes per Java char, so only long texts need counting
        if (text.length() * 3L > maxBytes) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                throw cursor.malformed("<" + element + "> of " + bytes + " bytes exceeds the limit of " + maxBytes
                        + " bytes");
            }
        }
        return text;
    }

    /**
     * An extended attribute {@code value} of type {@code text} (the default) or {@code base64} (section 9.2 "xattr"),
     * which may hold any bytes (a binary value), at most {@link IndexLimits#maxXattrValueBytes()} bytes, the cursor on its start tag.
     */
    XattrValue xattrValue() throws XMLStreamException {
        String type = cursor.attribute("type");
        String text = cursor.text("value");
        if (type == null || type.equals("text")) {
            return XattrValue.ofText(limited("value", text, limits.maxXattrValueBytes()));
        }
        if (!type.equals("base64")) {
            throw cursor.malformed("xattr value type '" + type + "' is neither text nor base64");
        }
        byte[] bytes;
        try {
            // line breaks are allowed (libxml2 wraps base64), any other character outside the alphabet is not
            bytes = Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw cursor.malformed("xattr value is not base64: " + e.getMessage());
        }
        if (bytes.length > limits.maxXattrValueBytes()) {
            throw cursor.malformed("xattr value of " + bytes.length + " bytes exceeds " + limits.maxXattrValueBytes());
        }
        return XattrValue.of(bytes);
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
