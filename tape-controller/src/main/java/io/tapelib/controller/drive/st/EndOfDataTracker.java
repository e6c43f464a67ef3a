package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.drive.TapePosition;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where end of data is, learnt from the drive: a write or filemark leaves the position at EOD (SSC-4: a write
 * discards what follows), a blank check (the driver's GMT_EOD) says the position is EOD, and when neither has told,
 * one probe finds out: MTEOM, MTIOCPOS, and back with MTSETPART/MTSEEK. The knowledge itself is kept in
 * {@link EndOfDataMarks}; this class reads positions from the node to fill it in.
 */
final class EndOfDataTracker {

    private final StNodeHandle node;
    private final EndOfDataMarks marks = new EndOfDataMarks();

    EndOfDataTracker(StNodeHandle node) {
        this.node = Objects.requireNonNull(node);
    }

    /**
     * Whether block {@code block} of {@code partition}, the current position, is EOD, without moving the tape.
     *
     * @param driverSaysEndOfData the driver's GMT_EOD, used when nothing else is known of the partition
     */
    boolean isEndOfData(int partition, long block, boolean driverSaysEndOfData) {
        if (marks.positionedAtEndOfData()) {
            return true;
        }
        OptionalLong known = marks.endOfData(partition);
        return known.isPresent() ? block >= known.getAsLong() : driverSaysEndOfData;
    }

    /**
     * The current position (MTIOCPOS) of a drive with a ready cartridge, probing for EOD once when where it lies in
     * this partition is not known yet (the tape then moves and comes back).
     *
     * @param status the drive's MTIOCGET status, online
     * @throws DeviceException an ioctl failed
     */
    TapePosition position(MtStatus status) {
        int partition = status.partition();
        long block = node.mtpos();
        if (marks.positionedAtEndOfData()) {
            marks.endOfDataAt(partition, block);
            return new TapePosition(partition, block, true);
        }
        OptionalLong known = marks.endOfData(partition);
        if (known.isPresent()) {
            return new TapePosition(partition, block, block >= known.getAsLong());
        }
        if (status.endOfData()) {
            marks.endOfDataAt(partition, block);
            return new TapePosition(partition, block, true);
        }
        return new TapePosition(partition, block, probe());
    }

    /**
     * Whether the current position is EOD: MTEOM, then MTIOCPOS; if the tape moved, back with MTSETPART and MTSEEK.
     * Records where EOD is either way.
     *
     * @throws DeviceException an ioctl failed
     */
    boolean probe() {
        int partition = node.mtget().partition();
        long before = node.mtpos();
        node.check(node.mtop(Mtio.MTEOM, 1), "MTEOM");
        long endOfData = node.mtpos();
        if (endOfData == before) {
            marks.endOfDataAt(partition, endOfData);
            return true;
        }
        marks.record(partition, endOfData);
        node.check(node.mtop(Mtio.MTSETPART, partition), "MTSETPART " + partition);
        node.check(node.mtop(Mtio.MTSEEK, (int) before), "MTSEEK " + before);
        marks.moved();
        return false;
    }

    /**
     * The current position in {@code partition} is EOD (the driver reported a blank check): reads its block number
     * (MTIOCPOS) and records it.
     *
     * @return the block number of EOD
     */
    long endOfDataHere(int partition) {
        long block = node.mtpos();
        marks.endOfDataAt(partition, block);
        return block;
    }

    /** Before the tape moves: the EOD a write left at the current position is remembered with its block number. */
    void beforeMove() {
        if (marks.positionedAtEndOfData()) {
            MtStatus status = node.mtget();
            if (status.online()) {
                marks.endOfDataAt(status.partition(), node.mtpos());
            }
        }
    }

    /** A locate or rewind arrived at block {@code block} of {@code partition}: EOD if that is where EOD is known. */
    void arrivedAt(int partition, long block) {
        marks.moved();
        OptionalLong known = marks.endOfData(partition);
        if (known.isPresent() && known.getAsLong() == block) {
            marks.endOfDataAt(partition, block);
        }
    }

    /** Whether the current position is known to be EOD (a write or space to EOD put it there). */
    boolean positionedAtEndOfData() {
        return marks.positionedAtEndOfData();
    }

    /** Where EOD of {@code partition} is, if known. */
    OptionalLong endOfData(int partition) {
        return marks.endOfData(partition);
    }

    /** A write, a filemark or a space to EOD left the position at EOD. */
    void positionIsEndOfData() {
        marks.positionIsEndOfData();
    }

    /** The position moved to a place not known to be EOD. */
    void moved() {
        marks.moved();
    }

    /** The cartridge was just partitioned: both partitions are empty, the position is block 0 of partition 0. */
    void formatted() {
        marks.endOfDataAt(0, 0);
        marks.record(1, 0);
    }

    /** The cartridge changed. */
    void clear() {
        marks.clear();
    }
}
