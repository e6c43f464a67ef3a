package io.tapelib.controller.drive;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Blocks for the drive contracts' tests: recognisable content, written and read whole. */
public final class TapeBlocks {

    private TapeBlocks() {
    }

    /** {@code length} bytes repeating the ASCII {@code text}, so that a block read back shows which one it is. */
    public static byte[] block(String text, int length) {
        byte[] bytes = new byte[length];
        byte[] label = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            bytes[i] = label[i % label.length];
        }
        return bytes;
    }

    /** Writes {@code data} as one block at the drive's position. */
    public static void write(TapeDrive drive, byte[] data) {
        drive.writeBlock(data, 0, data.length);
    }

    /** Reads the block at the drive's position (at most 1 MiB); empty for a filemark. */
    public static byte[] read(TapeDrive drive) {
        byte[] buffer = new byte[1 << 20];
        int n = drive.readBlock(buffer);
        return Arrays.copyOf(buffer, n);
    }
}
