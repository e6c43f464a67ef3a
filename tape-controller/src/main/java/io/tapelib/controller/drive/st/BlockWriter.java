package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.WriteProtectedException;
import jnr.constants.platform.Errno;

import java.util.Objects;

/**
 * Writes one block with {@code write(2)} and reads early warning back. At early warning st completes the write,
 * refuses the next one with ENOSPC without writing, and lets the one after proceed (st.rst, "EOM Behaviour When
 * Writing"); so an ENOSPC is answered by writing once more, and a second ENOSPC is the end of the partition.
 */
final class BlockWriter {

    private final StNodeHandle node;
    private final PendingWrites pendingWrites;
    private final EndOfDataTracker eod;

    BlockWriter(StNodeHandle node, PendingWrites pendingWrites, EndOfDataTracker eod) {
        this.node = Objects.requireNonNull(node);
        this.pendingWrites = Objects.requireNonNull(pendingWrites);
        this.eod = Objects.requireNonNull(eod);
    }

    /**
     * Writes {@code length} bytes of {@code data} from {@code offset} as one block.
     *
     * @return whether early warning was signalled (ENOSPC once, or GMT_EOT of MTIOCGET after the write)
     * @throws EndOfMediumException      ENOSPC twice, or EIO at end of medium; nothing of the block was written
     * @throws WriteProtectedException   EACCES/EROFS: the cartridge is write protected
     * @throws DeviceException           a length outside 1 to {@link StTapeDrive#MAX_BLOCK_BYTES}, or another
     *                                   write error
     * @throws IndexOutOfBoundsException offset and length do not lie within {@code data}
     */
    boolean write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length < 1 || length > StTapeDrive.MAX_BLOCK_BYTES) {
            throw new DeviceException(node.name(), "ILLEGAL REQUEST: block length " + length + " (1.."
                    + StTapeDrive.MAX_BLOCK_BYTES + " bytes)");
        }
        String operation = "write of " + length + " bytes";
        int result = node.write(data, offset, length);
        boolean signalledEarlyWarning = false;
        if (StErrors.is(-result, Errno.ENOSPC)) {
            signalledEarlyWarning = true;
            result = node.write(data, offset, length);
            if (StErrors.is(-result, Errno.ENOSPC)) {
                throw StErrors.endOfMedium(node.name(), operation + " (twice)", -result);
            }
        }
        if (result == length) {
            pendingWrites.written();
            eod.positionIsEndOfData();
            return signalledEarlyWarning || node.mtget().endOfTape();
        }
        if (result >= 0) {
            throw new DeviceException(node.name(), operation + " wrote " + result + " bytes");
        }
        throw node.writeFailure(operation, -result);
    }
}
