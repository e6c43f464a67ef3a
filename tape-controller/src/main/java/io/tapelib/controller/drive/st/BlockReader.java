package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import jnr.constants.platform.Errno;

import java.util.Objects;

/**
 * Reads one block with {@code read(2)}, as large as the buffer allows, learning how large a read the driver accepts:
 * a length beyond the drive's block limit or the driver's buffer is refused (EINVAL or EOVERFLOW) before the tape
 * moves, so the read is retried at the next lower power of two, down to {@link #SMALLEST_READ_LIMIT}
 * bytes, and later reads start there. Forgotten when the cartridge changes. Maps what the read returned to the
 * port's outcome: a block, a filemark, EOD (told apart by GMT_EOD of MTIOCGET, or by a probe for EOD after EIO) or
 * an ILLEGAL LENGTH.
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
    private final PendingWrites pendingWrites;
    private final EndOfDataTracker eod;
    private int limit = StTapeDrive.MAX_BLOCK_BYTES;

    BlockReader(StNodeHandle node, PendingWrites pendingWrites, EndOfDataTracker eod) {
        this.node = Objects.requireNonNull(node);
        this.pendingWrites = Objects.requireNonNull(pendingWrites);
        this.eod = Objects.requireNonNull(eod);
    }

    /**
     * Reads the next logical object into the start of {@code buffer}.
     *
     * @return the block's length in bytes, 0 for a filemark
     * @throws EndOfDataException       the position is EOD
     * @throws DeviceException          the block is larger than the buffer: "ILLEGAL LENGTH" (st: ENOMEM; the
     *                                  position is after the block), or the driver refused the length (EINVAL), or
     *                                  a read error
     * @throws IllegalArgumentException an empty buffer
     */
    int readBlock(byte[] buffer) {
        if (buffer.length == 0) {
            throw new IllegalArgumentException("cannot read a block into an empty buffer");
        }
        if (eod.positionedAtEndOfData()) {
            MtStatus status = node.requireOnline("read");
            throw endOfData(status.partition(), eod.endOfDataHere(status.partition()));
        }
        Read read = read(buffer);
        int result = read.result();
        int length = read.length();
        pendingWrites.ended();
        if (result > 0) {
            eod.moved();
            return result;
        }
        if (result == 0) {
            MtStatus status = node.mtget();
            if (status.endOfData()) {
                throw endOfData(status.partition(), eod.endOfDataHere(status.partition()));
            }
            eod.moved();
            return 0;
        }
        int errno = -result;
        if (StErrors.is(errno, Errno.ENOMEM)) {
            eod.moved();
            throw new DeviceException(node.name(), "ILLEGAL LENGTH: the block is larger than the buffer of " + length
                    + " bytes (read failed: " + StErrors.describe(errno) + "); the position is after the block");
        }
        if (StErrors.is(errno, Errno.EINVAL)) {
            throw new DeviceException(node.name(), "ILLEGAL LENGTH: read of " + length + " bytes refused: "
                    + StErrors.describe(errno) + ": outside the drive's block length limits");
        }
        if (StErrors.is(errno, Errno.EIO)) {
            MtStatus status = node.requireOnline("read");
            if (eod.probe()) {
                throw endOfData(status.partition(), eod.endOfData(status.partition()).orElse(-1));
            }
        }
        throw node.failure("read of " + length + " bytes", errno);
    }

    /** Reads into the start of {@code buffer} (at least 1 byte long). */
    private Read read(byte[] buffer) {
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

    private EndOfDataException endOfData(int partition, long block) {
        return new EndOfDataException(node.name(), "read: BLANK CHECK, END-OF-DATA DETECTED at block " + block
                + " of partition " + partition);
    }
}
