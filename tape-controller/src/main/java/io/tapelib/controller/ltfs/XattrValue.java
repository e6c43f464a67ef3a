package io.tapelib.controller.ltfs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The value of an extended attribute: any bytes (Linux keeps binary values). An index carries it as text when the
 * bytes are UTF-8 that XML 1.0 can hold, else base64 ({@code <value type="base64">}, LTFS Format Specification 2.4,
 * §9.2 "extendedattributes"). Immutable; equal when the bytes are.
 */
public final class XattrValue {

    private final byte[] bytes;
    /** The UTF-8 text of the bytes, or null when they are not valid UTF-8. */
    private final String text;

    private XattrValue(byte[] bytes, String text) {
        this.bytes = bytes;
        this.text = text;
    }

    /** A text value, kept as its UTF-8 bytes. */
    public static XattrValue ofText(String text) {
        return new XattrValue(text.getBytes(StandardCharsets.UTF_8), text);
    }

    /** A value of any bytes (copied). */
    public static XattrValue of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new XattrValue(copy, utf8(copy));
    }

    /** Text values by key. */
    public static Map<String, XattrValue> texts(Map<String, String> texts) {
        Map<String, XattrValue> values = new HashMap<>();
        texts.forEach((key, text) -> values.put(key, ofText(text)));
        return values;
    }

    /** The bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** The value as UTF-8 text; empty when the bytes are not valid UTF-8. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** The text, or {@code orElse} for a binary value. */
    public String textOr(String orElse) {
        return text == null ? orElse : text;
    }

    /** True when an index can carry the value as text: valid UTF-8 of characters XML 1.0 allows. */
    public boolean xmlText() {
        return text != null && XmlText.isXmlSafe(text);
    }

    /** The bytes in base64 (RFC 4648 §4, with padding). */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof XattrValue value && Arrays.equals(bytes, value.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return text != null ? text : "base64:" + base64();
    }
}
