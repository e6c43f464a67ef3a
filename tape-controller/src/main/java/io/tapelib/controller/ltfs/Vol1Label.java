package io.tapelib.controller.ltfs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The 80-byte ANSI VOL1 label that opens each LTFS partition (LTFS Format Specification 2.4, section 8.1.1 VOL1 Label;
 * ANSI INCITS 27). Fields by 0-based byte offset: 0-3 {@code VOL1}; 4-9 volume identifier (the first six characters
 * of the volume tag, space padded); 10 accessibility {@code L}; 24-36 implementation identifier {@code LTFS}
 * (space padded); 37-50 owner identifier; 79 label standard version {@code 4}. Every other byte is a space.
 *
 * @param volumeIdentifier the six-character volume identifier, trailing spaces removed (may be empty)
 */
public record Vol1Label(String volumeIdentifier) {

    /** Length of the label in bytes. */
    public static final int LENGTH = 80;
    private static final String IMPLEMENTATION_IDENTIFIER = "LTFS";

    /** The label for a volume tag: its first six characters ({@code TL0001L5} gives {@code TL0001}). */
    public static Vol1Label forVolumeTag(String volumeTag) {
        String trimmed = volumeTag.trim();
        return new Vol1Label(trimmed.length() > 6 ? trimmed.substring(0, 6) : trimmed);
    }

    /** The 80 bytes to write as the first logical block of a partition. */
    public byte[] toBytes() {
        byte[] label = new byte[LENGTH];
        Arrays.fill(label, (byte) ' ');
        put(label, 0, "VOL1");
        put(label, 4, volumeIdentifier);
        label[10] = 'L';
        put(label, 24, IMPLEMENTATION_IDENTIFIER);
        label[79] = '4';
        return label;
    }

    /**
     * Reads a VOL1 label.
     *
     * @param block  the first logical block of a partition
     * @param length its length in bytes
     * @return empty when the block is not an 80-byte VOL1 label naming implementation LTFS
     */
    public static Optional<Vol1Label> parse(byte[] block, int length) {
        if (length != LENGTH) {
            return Optional.empty();
        }
        String text = new String(block, 0, LENGTH, StandardCharsets.US_ASCII);
        if (!text.startsWith("VOL1") || !text.substring(24, 37).trim().equals(IMPLEMENTATION_IDENTIFIER)) {
            return Optional.empty();
        }
        return Optional.of(new Vol1Label(text.substring(4, 10).trim()));
    }

    /** Whether an 80-byte block starts with VOL1 (an ANSI labelled tape, LTFS or not). */
    static boolean looksLikeVol1(byte[] block, int length) {
        return length == LENGTH && new String(block, 0, 4, StandardCharsets.US_ASCII).equals("VOL1");
    }

    private static void put(byte[] target, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }
}
