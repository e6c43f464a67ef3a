package io.tapelib.controller.drive;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One medium auxiliary memory (MAM, "cartridge memory") attribute as READ ATTRIBUTE returns it and WRITE ATTRIBUTE
 * takes it: a 5-byte header (attribute identifier, 2 bytes; read-only bit and format, 1 byte; length, 2 bytes) then
 * the value (SPC-4, section 7.4.2.1 "Attribute format"). The LTFS reference implementation's file backend stores
 * each attribute in exactly this form, one file per attribute.
 *
 * @param id     the attribute identifier (SPC-4 tables "Device type attributes", "Host type attributes")
 * @param format {@link #BINARY}, {@link #ASCII} or {@link #TEXT}
 * @param value  the value's bytes, at most 65535
 */
public record MediumAttribute(int id, int format, byte[] value) {

    /** Format code of a binary attribute. */
    public static final int BINARY = 0x00;
    /** Format code of an ASCII attribute (printable, left-aligned, space-padded). */
    public static final int ASCII = 0x01;
    /** Format code of a text attribute (in the character set the TEXT LOCALIZATION IDENTIFIER names, NUL-padded). */
    public static final int TEXT = 0x02;
    /** Bytes of the header before the value. */
    public static final int HEADER_BYTES = 5;

    public MediumAttribute {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("attribute identifier " + id + " is not 0000h to FFFFh");
        }
        if (format < 0 || format > 3) {
            throw new IllegalArgumentException("attribute format " + format + " is not 0 to 3");
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value of " + value.length + " bytes exceeds 65535");
        }
        value = value.clone();
    }

    /** The value's bytes (a copy). */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Header and value, as the attribute travels in a READ ATTRIBUTE or WRITE ATTRIBUTE parameter list. */
    public byte[] encoded() {
        return ByteBuffer.allocate(HEADER_BYTES + value.length)
                .putShort((short) id)
                .put((byte) format)
                .putShort((short) value.length)
                .put(value)
                .array();
    }

    /**
     * Reads one attribute from its encoded form; the read-only bit (bit 7 of byte 2) is dropped.
     *
     * @throws IllegalArgumentException fewer than 5 bytes, or fewer value bytes than the header's length says
     */
    public static MediumAttribute decode(byte[] encoded) {
        if (encoded.length < HEADER_BYTES) {
            throw new IllegalArgumentException("attribute of " + encoded.length + " bytes has no 5-byte header");
        }
        ByteBuffer in = ByteBuffer.wrap(encoded);
        int id = Short.toUnsignedInt(in.getShort());
        int format = in.get() & 0x03;
        int length = Short.toUnsignedInt(in.getShort());
        if (encoded.length < HEADER_BYTES + length) {
            throw new IllegalArgumentException(String.format("attribute %04Xh says %d value bytes but %d follow",
                    id, length, encoded.length - HEADER_BYTES));
        }
        return new MediumAttribute(id, format, Arrays.copyOfRange(encoded, HEADER_BYTES, HEADER_BYTES + length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MediumAttribute a && a.id == id && a.format == format && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + format) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("MAM attribute %04Xh (format %d, %d bytes)", id, format, value.length);
    }
}
