package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.drive.TapePosition;
import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.library.TimingModel.LongitudinalPosition;

import java.util.Objects;

/**
 * Where the virtual drive's head is, in logical objects (partition and block), and where that lies along the tape;
 * moves it as LOCATE and SPACE do (SSC-4), charging the time of each move to the {@link TimingModel}. The cartridge
 * moved over is passed in: it changes with every load.
 */
final class TapeHead {

    /** Guard wraps between partitions on LTO-5 (the LTFS reference file backend models 2, filedebug_tc.c calc_wrap). */
    private static final int GUARD_WRAPS = 2;

    private final String name;
    private final TimingModel timing;
    // volatile: status() may be asked from another thread (an operator's inventory) while a job uses the drive
    private volatile int partition;
    private volatile long block;

    TapeHead(String name, TimingModel timing) {
        this.name = Objects.requireNonNull(name);
        this.timing = Objects.requireNonNull(timing);
    }

    int partition() {
        return partition;
    }

    long block() {
        return block;
    }

    /** A cartridge was threaded, formatted or unloaded: partition 0, block 0, with no time charged. */
    void reset() {
        partition = 0;
        block = 0;
    }

    /** One logical object was read or written. */
    void advance() {
        block++;
    }

    /** The position in {@code cartridge}, at EOD or not. */
    TapePosition position(ThreadedCartridge cartridge) {
        return new TapePosition(partition, block, block == cartridge.objects(partition).endOfData());
    }

    /**
     * Locates to {@code block} of {@code partition} (which must exist), or to EOD when the block lies beyond it.
     *
     * @throws EndOfDataException       the block lies beyond EOD; the position is then EOD
     * @throws IllegalArgumentException the block number is negative
     */
    void locate(ThreadedCartridge cartridge, int partition, long block) {
        if (block < 0) {
            throw new IllegalArgumentException("block must not be negative, got " + block);
        }
        long eod = cartridge.objects(partition).endOfData();
        moveTo(cartridge, partition, Math.min(block, eod));
        if (block > eod) {
            throw new EndOfDataException(name, "BLANK CHECK, 00/05 END-OF-DATA DETECTED: locate to block " + block
                    + " of partition " + partition + " stopped at EOD, block " + eod);
        }
    }

    /** To EOD of the current partition. */
    void spaceToEndOfData(ThreadedCartridge cartridge) {
        moveTo(cartridge, partition, cartridge.objects(partition).endOfData());
    }

    /**
     * Spaces over {@code count} filemarks, forward when positive, backward when negative: forward the position is
     * after the last filemark passed, backward before it.
     *
     * @throws EndOfDataException forward spacing reached EOD first; the position is then EOD
     * @throws DeviceException    backward spacing reached the beginning of the partition first
     *                            (BEGINNING-OF-PARTITION/MEDIUM DETECTED); the position is then block 0
     */
    void spaceFilemarks(ThreadedCartridge cartridge, int count) {
        PartitionObjects objects = cartridge.objects(partition);
        long target = block;
        if (count > 0) {
            for (int passed = 0; passed < count; passed++) {
                long filemark = objects.nextFilemark(target);
                if (filemark < 0) {
                    moveTo(cartridge, partition, objects.endOfData());
                    throw new EndOfDataException(name, "BLANK CHECK, 00/05 END-OF-DATA DETECTED after " + passed
                            + " of " + count + " filemarks");
                }
                target = filemark + 1;
            }
        } else {
            for (int passed = 0; passed < -count; passed++) {
                long filemark = objects.previousFilemark(target);
                if (filemark < 0) {
                    moveTo(cartridge, partition, 0);
                    throw new DeviceException(name, "NO SENSE, 00/04 BEGINNING-OF-PARTITION/MEDIUM DETECTED after "
                            + passed + " of " + (-count) + " filemarks");
                }
                target = filemark;
            }
        }
        moveTo(cartridge, partition, target);
    }

    /** Moves to {@code targetBlock} of {@code targetPartition}, charging the time the move takes. */
    void moveTo(ThreadedCartridge cartridge, int targetPartition, long targetBlock) {
        LongitudinalPosition from = here(cartridge);
        partition = targetPartition;
        block = targetBlock;
        timing.locate(from, here(cartridge));
    }

    /** Where the head is along the tape: partition 1 starts after partition 0's wraps and the guard wraps. */
    LongitudinalPosition here(ThreadedCartridge cartridge) {
        long capacity = cartridge.metadata().capacityBytes();
        long start = 0;
        if (partition == 1) {
            long bytesPerWrap = Math.max(1, capacity / TimingModel.LTO5_WRAPS);
            long partitionZeroWraps = (cartridge.partitionBytes(0) + bytesPerWrap - 1) / bytesPerWrap;
            start = (partitionZeroWraps + GUARD_WRAPS) * bytesPerWrap;
        }
        return LongitudinalPosition.of(start + cartridge.objects(partition).bytesBefore(block), capacity);
    }
}
