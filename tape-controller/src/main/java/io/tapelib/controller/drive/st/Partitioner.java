package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.WriteProtectedException;

import java.util.Objects;

/**
 * Makes two partitions by MTMKPART with a negative count: partition 0 of a given size, the physically first
 * partition of LTO-5 and later (st.rst "MTMKPART"; needs kernel 4.6 or later). Forgetting what was known of the
 * cartridge afterwards is {@link CartridgeChanges#formatted}'.
 */
final class Partitioner {

    /** MTMKPART takes the partition size in megabytes (10^6 bytes: PSUM 10b of the medium partition page, SSC-4). */
    private static final long MEGABYTE = 1_000_000;
    /** The medium partition mode page holds a partition size in 16 bits. */
    private static final long MAX_PARTITION_MEGABYTES = 0xFFFF;

    private final StNodeHandle node;
    private final PendingWrites pendingWrites;

    Partitioner(StNodeHandle node, PendingWrites pendingWrites) {
        this.node = Objects.requireNonNull(node);
        this.pendingWrites = Objects.requireNonNull(pendingWrites);
    }

    /**
     * Formats with partition 0 of {@code ceil(indexPartitionBytes / 10^6)} megabytes, written blocks flushed first.
     *
     * @throws WriteProtectedException  GMT_WR_PROT: the cartridge is write protected; nothing was changed
     * @throws IllegalArgumentException the size is below 1 byte or above 65535 MB (the 16-bit partition size field)
     * @throws DeviceException          no cartridge is loaded, or MTMKPART failed
     */
    void makePartitions(long indexPartitionBytes) {
        long megabytes = (indexPartitionBytes + MEGABYTE - 1) / MEGABYTE;
        if (indexPartitionBytes < 1 || megabytes > MAX_PARTITION_MEGABYTES) {
            throw new IllegalArgumentException("index partition must be 1 byte to " + MAX_PARTITION_MEGABYTES
                    + " MB, got " + indexPartitionBytes + " bytes");
        }
        pendingWrites.flush();
        MtStatus status = node.requireOnline("MTMKPART");
        if (status.writeProtected() || node.openedReadOnly()) {
            throw new WriteProtectedException(node.name(),
                    "DATA PROTECT: the cartridge is write protected; not formatted");
        }
        node.check(node.mtop(Mtio.MTMKPART, (int) -megabytes), "MTMKPART -" + megabytes + " (partition 0 of "
                + megabytes + " MB)");
    }
}
