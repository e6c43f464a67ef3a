package io.tapelib.controller.drive.st;

import jnr.constants.platform.Errno;

import java.util.Objects;

/**
 * Reads one block with {@code read(2)}, as large as the buffer allows, learning how large a read the driver accepts:
 * a length beyond the drive's block limit or the driver's buffer is refused (EINVAL or EOVERFLOW) before the tape
 * moves, so the read is retried at the next lower power of two, down to {@link #SMALLEST_READ_LIMIT}
 * bytes, and later reads start there. Forgotten when the cartridge changes.
 */
final class BlockReader {

    /**
     * What one {@link #read} did.
     *
     * @param result the byte count read (0 for a filemark or blank tape) or {@code -errno}
     * @param length the length of the last read asked for, in bytes
     */
    record Read(int result, int length) {
    }

    /** Reads refused as too large for the driver are retried smaller, down to this many bytes. */
    static final int SMALLEST_READ_LIMIT = 1024 * 1024;

    private final StNodeHandle node;
    private int limit = StTapeDrive.MAX_BLOCK_BYTES;

    BlockReader(StNodeHandle node) {
        this.node = Objects.requireNonNull(node);
    }

    /** Reads into the start of {@code buffer} (at least 1 byte long). */
    Read read(byte[] buffer) {
        int length = Math.min(buffer.length, limit);
        int result = node.read(buffer, length);
        while (result < 0 && (StErrors.is(-result, Errno.EINVAL) || StErrors.is(-result, Errno.EOVERFLOW))
                && length > SMALLEST_READ_LIMIT) {
            // refused before the tape moved: larger than the drive's block limit or the driver's buffer
            length = Math.max(SMALLEST_READ_LIMIT, Integer.highestOneBit(length - 1));
            limit = length;
            result = node.read(buffer, length);
        }
        return new Read(result, length);
    }

    /** The cartridge changed: the next read tries the largest length again. */
    void reset() {
        limit = StTapeDrive.MAX_BLOCK_BYTES;
    }
}
