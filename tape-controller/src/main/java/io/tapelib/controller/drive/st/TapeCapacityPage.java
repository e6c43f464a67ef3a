package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.drive.PartitionCapacity;

/**
 * The Tape Capacity log page (0x31) of LTO-5 and later drives, as {@code sg_logs} prints it, in MiB (sg3_utils
 * sg_logs.c, "Tape capacity page"). The main partition is partition 0 and the alternate partition partition 1; an
 * unpartitioned cartridge reports 0 for the alternate partition.
 *
 * @param mainRemainingMib      remaining capacity of partition 0
 * @param alternateRemainingMib remaining capacity of partition 1
 * @param mainMaximumMib        maximum capacity of partition 0
 * @param alternateMaximumMib   maximum capacity of partition 1, 0 when the cartridge has one partition
 */
public record TapeCapacityPage(long mainRemainingMib, long alternateRemainingMib, long mainMaximumMib,
                               long alternateMaximumMib) {

    private static final long MIB = 1024 * 1024;

    /** 2 when the alternate partition has a capacity, otherwise 1. */
    public int partitionCount() {
        return alternateMaximumMib > 0 ? 2 : 1;
    }

    /**
     * The capacity of a partition in bytes.
     *
     * @param earlyWarningBytes how far before the end of a partition the drive reports early warning
     * @throws DeviceException the cartridge has no such partition
     */
    public PartitionCapacity capacity(String device, int partition, long earlyWarningBytes) {
        if (partition == 0) {
            return new PartitionCapacity(mainMaximumMib * MIB, mainRemainingMib * MIB, earlyWarningBytes);
        }
        if (partition == 1 && partitionCount() == 2) {
            return new PartitionCapacity(alternateMaximumMib * MIB, alternateRemainingMib * MIB, earlyWarningBytes);
        }
        throw new DeviceException(device, "partition " + partition + " does not exist: the tape capacity log page"
                + " reports " + partitionCount() + " partition(s)");
    }
}
