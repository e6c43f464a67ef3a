package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import jnr.constants.platform.Errno;

import java.util.Objects;

/**
 * Moves the tape without transferring data: rewind, locate, space over filemarks and to EOD, by the MTIOCTOP
 * operations MTREW, MTSETPART, MTSEEK, MTFSF, MTBSF and MTEOM (linux/mtio.h; st.rst). Before every move written
 * blocks are flushed ({@link PendingWrites}), and after it {@link EndOfDataTracker} learns where the tape stopped.
 */
final class TapeMotion {

    private final StNodeHandle node;
    private final PendingWrites pendingWrites;
    private final EndOfDataTracker eod;

    TapeMotion(StNodeHandle node, PendingWrites pendingWrites, EndOfDataTracker eod) {
        this.node = Objects.requireNonNull(node);
        this.pendingWrites = Objects.requireNonNull(pendingWrites);
        this.eod = Objects.requireNonNull(eod);
    }

    /**
     * MTREW in partition 0; MTSETPART and MTSEEK 0 in another partition.
     *
     * @throws DeviceException no cartridge is loaded, or the driver failed
     */
    void rewind() {
        beforeMove();
        int partition = node.requireOnline("rewind").partition();
        if (partition == 0) {
            node.check(node.mtop(Mtio.MTREW, 1), "MTREW");
        } else {
            node.check(node.mtop(Mtio.MTSETPART, partition), "MTSETPART " + partition);
            node.check(node.mtop(Mtio.MTSEEK, 0), "MTSEEK 0");
        }
        eod.arrivedAt(partition, 0);
    }

    /**
     * MTSETPART then MTSEEK to logical object {@code block} (0 to 2^31 - 1) of {@code partition}.
     *
     * @throws EndOfDataException       the block lies beyond EOD (MTSEEK: EIO, and MTEOM finds EOD); the position
     *                                  is then EOD
     * @throws DeviceException          the partition does not exist (MTSETPART: EINVAL), or the locate failed
     *                                  otherwise
     * @throws IllegalArgumentException a negative partition or block, or a block beyond 2^31 - 1 (MTSEEK's count)
     */
    void locate(int partition, long block) {
        if (partition < 0 || block < 0 || block > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot locate to block " + block + " of partition " + partition);
        }
        beforeMove();
        int result = node.mtop(Mtio.MTSETPART, partition);
        if (result < 0) {
            if (StErrors.is(-result, Errno.EINVAL)) {
                throw new DeviceException(node.name(), "MTSETPART " + partition + " failed: "
                        + StErrors.describe(-result) + ": partition " + partition + " does not exist on this cartridge");
            }
            throw node.failure("MTSETPART " + partition, -result);
        }
        result = node.mtop(Mtio.MTSEEK, (int) block);
        if (result < 0) {
            if (StErrors.is(-result, Errno.EIO) && node.mtget().online() && eod.probe()) {
                long endOfData = eod.endOfData(partition).orElse(-1);
                throw new EndOfDataException(node.name(), "MTSEEK " + block + " failed: " + StErrors.describe(-result)
                        + ": BLANK CHECK, END-OF-DATA DETECTED: locate to block " + block + " of partition "
                        + partition + " stopped at EOD, block " + endOfData);
            }
            throw node.failure("MTSEEK " + block, -result);
        }
        eod.arrivedAt(partition, block);
    }

    /**
     * MTEOM: to EOD of the current partition.
     *
     * @throws DeviceException the driver failed
     */
    void spaceToEndOfData() {
        beforeMove();
        node.check(node.mtop(Mtio.MTEOM, 1), "MTEOM");
        eod.positionIsEndOfData();
    }

    /**
     * MTFSF {@code count} forward, MTBSF {@code -count} backward; 0 does nothing.
     *
     * @throws EndOfDataException forward spacing reached EOD (the driver's GMT_EOD after the failed MTFSF)
     * @throws DeviceException    backward spacing reached the beginning of the partition, or another error
     */
    void spaceFilemarks(int count) {
        if (count == 0) {
            return;
        }
        beforeMove();
        if (count > 0) {
            int result = node.mtop(Mtio.MTFSF, count);
            if (result < 0) {
                MtStatus status = node.requireOnline("MTFSF " + count);
                if (status.endOfData()) {
                    long block = eod.endOfDataHere(status.partition());
                    throw new EndOfDataException(node.name(), "MTFSF " + count + " failed: "
                            + StErrors.describe(-result) + ": BLANK CHECK, END-OF-DATA DETECTED at block " + block
                            + " of partition " + status.partition() + " before " + count + " filemark(s)");
                }
                throw node.failure("MTFSF " + count, -result);
            }
        } else {
            node.check(node.mtop(Mtio.MTBSF, -count), "MTBSF " + (-count) + " (space back over " + (-count)
                    + " filemarks)");
        }
        eod.moved();
    }

    /** Before the tape moves: no implicit filemark, and the EOD a write left here is remembered. */
    private void beforeMove() {
        pendingWrites.flush();
        eod.beforeMove();
    }
}
