package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;

import java.util.Objects;

/**
 * Whether written blocks await a flush. st writes a filemark before MTREW, MTOFFL, MTSEEK or MTBSF, and at close,
 * when the last operation was a write (st.rst; st.c st_ioctl). A synchronous WRITE FILEMARKS of 0 (MTWEOF 0) flushes
 * the blocks to the medium and ends the write, so that filemarks are only where the caller wrote them.
 */
final class PendingWrites {

    private final StNodeHandle node;
    /** Blocks were written and no filemark or flush followed: st would add a filemark before a rewind or seek. */
    private boolean unflushed;

    PendingWrites(StNodeHandle node) {
        this.node = Objects.requireNonNull(node);
    }

    /** A block was written. */
    void written() {
        unflushed = true;
    }

    /** The write ended otherwise: filemarks were written, a read was issued, or the cartridge changed. */
    void ended() {
        unflushed = false;
    }

    /**
     * MTWEOF 0 when blocks were written since the write last ended.
     *
     * @throws DeviceException the flush failed ({@link StNodeHandle#writeFailure}: end of medium included)
     */
    void flush() {
        if (unflushed) {
            int result = node.mtop(Mtio.MTWEOF, 0);
            if (result < 0) {
                throw node.writeFailure("MTWEOF 0 (flush)", -result);
            }
            unflushed = false;
        }
    }
}
