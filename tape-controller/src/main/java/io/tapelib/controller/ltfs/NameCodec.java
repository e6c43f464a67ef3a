package io.tapelib.controller.ltfs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * LTFS name encoding (LTFS Format Specification 2.4, section 7.4 "Name format", attribute {@code percentencoded}),
 * used for names, symbolic link targets and extended attribute keys. As the reference implementation does
 * ({@code fs_is_percent_encode_required} and {@code encode_entry_name}), a name holding ':' or a control character is
 * written percent-encoded, and then every UTF-8 byte outside printable ASCII, and ':' and '%', becomes {@code %XX}.
 * Unlike the reference implementation, a carriage return, which XML parsers turn into a line feed, and characters XML
 * 1.0 cannot carry also ask for encoding.
 */
final class NameCodec {

    private NameCodec() {
    }

    static boolean needsEncoding(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':' || (c < 0x20 && c != '\t' && c != '\n') || c >= 0xfffe) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xff;
            if (v > 0x20 && v < 0x7f && v != ':' && v != '%') {
                out.append((char) v);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Decodes a percent-encoded name. Like the reference implementation's {@code decode_entry_name}, an escape that
     * would yield '/' or NUL stays as written ({@code %2F}, {@code %00}), so a badly written name cannot become a path.
     *
     * @throws IllegalArgumentException a '%' not followed by two hex digits, or bytes that are not UTF-8
     */
    static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        byte[] raw = encoded.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                bytes.write(raw[i]);
                continue;
            }
            if (i + 2 >= raw.length) {
                throw new IllegalArgumentException("truncated percent escape in '" + encoded + "'");
            }
            int hi = Character.digit(raw[i + 1], 16);
            int lo = Character.digit(raw[i + 2], 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("invalid percent escape in '" + encoded + "'");
            }
            int value = hi << 4 | lo;
            if (value == '/' || value == 0) {
                bytes.write(raw, i, 3);
            } else {
                bytes.write(value);
            }
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent escapes of '" + encoded + "' are not UTF-8");
        }
    }
}
