package io.tapelib.controller.ltfs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * LTFS name encoding (LTFS Format Specification 2.4, section 7.4 Name format, attribute {@code percentencoded}).
 * A name holding ':' or '%', or a character XML 1.0 cannot carry, is written percent-encoded; then, like the
 * reference implementation, every UTF-8 byte outside printable ASCII, and ':' and '%', becomes {@code %XX}.
 */
final class NameCodec {

    private NameCodec() {
    }

    static boolean needsEncoding(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':' || c == '%' || (c < 0x20) || c == 0x7f || (c >= 0xfffe) || Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1)))) {
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

    /** @throws IllegalArgumentException for a '%' not followed by two hex digits */
    static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        byte[] raw = encoded.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%') {
                if (i + 2 >= raw.length) {
                    throw new IllegalArgumentException("truncated percent escape in '" + encoded + "'");
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent escape in '" + encoded + "'");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
