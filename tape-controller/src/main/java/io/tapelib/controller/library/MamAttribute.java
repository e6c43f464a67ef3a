package io.tapelib.controller.library;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes medium auxiliary memory (MAM) attributes as READ ATTRIBUTE returns them: a 5-byte header
 * (attribute identifier, read-only bit and format, attribute length) then the value (SPC-4, section
 * 7.4.2.1 "Attribute format"). The LTFS reference file backend stores each attribute in this form in
 * {@code attr_<partition>_<id hex>}.
 */
public final class MamAttribute {

    /** REMAINING CAPACITY IN PARTITION, binary, 8 bytes, in MiB (SPC-4 table "Device type attributes"). */
    public static final int REMAINING_CAPACITY_IN_PARTITION = 0x0000;
    /** MAXIMUM CAPACITY IN PARTITION, binary, 8 bytes, in MiB (SPC-4 table "Device type attributes"). */
    public static final int MAXIMUM_CAPACITY_IN_PARTITION = 0x0001;
    /**
     * VOLUME CHANGE REFERENCE, binary, 4 bytes as LTO drives report it: changed by the drive whenever the medium is
     * written (SPC-4 table "Device type attributes"; read-only to the host).
     */
    public static final int VOLUME_CHANGE_REFERENCE = 0x0009;
    /** The first host type attribute identifier (SPC-4 table "Attribute identifier ranges"). */
    public static final int FIRST_HOST_ATTRIBUTE = 0x0800;
    /** BARCODE, ASCII, 32 bytes, left-aligned and padded with spaces (SPC-4 table "Host type attributes"). */
    public static final int BARCODE = 0x0806;

    private static final int FORMAT_BINARY = 0x00;
    private static final int FORMAT_ASCII = 0x01;

    private MamAttribute() {
    }

    /** An ASCII attribute of a fixed length, space-padded (longer values are cut). */
    public static byte[] ascii(int id, String value, int length) {
        byte[] text = new byte[length];
        Arrays.fill(text, (byte) ' ');
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, text, 0, Math.min(length, bytes.length));
        return encode(id, FORMAT_ASCII, text);
    }

    /** An 8-byte big-endian binary attribute. */
    public static byte[] binary64(int id, long value) {
        return encode(id, FORMAT_BINARY, ByteBuffer.allocate(8).putLong(value).array());
    }

    private static byte[] encode(int id, int format, byte[] value) {
        return ByteBuffer.allocate(5 + value.length)
                .putShort((short) id)
                .put((byte) format)
                .putShort((short) value.length)
                .put(value)
                .array();
    }
}
