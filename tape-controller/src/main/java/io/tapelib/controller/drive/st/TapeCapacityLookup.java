package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.drive.PartitionCapacity;

import java.util.Objects;

/**
 * The capacity and partition count of the loaded cartridge, from the Tape Capacity log page (0x31;
 * read by {@code sg_logs} on the drive's sg node, found through sysfs). The partition count is read once per
 * cartridge and kept until {@link #forget()}.
 */
final class TapeCapacityLookup {

    private final String name;
    private final String nodeName;
    private final StSysfs sysfs;
    private final SgLogs sgLogs;
    /** Partitions on the loaded cartridge, 0 until read from the drive. */
    private int partitions;

    /**
     * @param name     the tape node's path, for messages
     * @param nodeName the tape node's name under {@code /sys/class/scsi_tape}, e.g. {@code nst0}
     */
    TapeCapacityLookup(String name, String nodeName, StSysfs sysfs, SgLogs sgLogs) {
        this.name = Objects.requireNonNull(name);
        this.nodeName = Objects.requireNonNull(nodeName);
        this.sysfs = Objects.requireNonNull(sysfs);
        this.sgLogs = Objects.requireNonNull(sgLogs);
    }

    /**
     * The number of partitions on the loaded cartridge; asks the drive only the first time.
     *
     * @throws DeviceException the drive has no sg node, or sg_logs failed
     */
    int partitionCount() {
        if (partitions == 0) {
            partitions = sgLogs.tapeCapacity(scsiGenericNode()).partitionCount();
        }
        return partitions;
    }

    /**
     * The capacity of one partition, read from the drive now (the partition count is refreshed with it).
     *
     * @param earlyWarningBytes the early-warning distance to report, in bytes (the log page does not give it)
     * @throws DeviceException the partition does not exist, the drive has no sg node, or sg_logs failed
     */
    PartitionCapacity capacity(int partition, long earlyWarningBytes) {
        TapeCapacityPage page = sgLogs.tapeCapacity(scsiGenericNode());
        partitions = page.partitionCount();
        return page.capacity(name, partition, earlyWarningBytes);
    }

    /** The cartridge now has {@code count} partitions (it was just formatted). */
    void formatted(int count) {
        partitions = count;
    }

    /** The cartridge changed: the count is read again when next asked. */
    void forget() {
        partitions = 0;
    }

    /**
     * The drive's SCSI generic node, found through sysfs.
     *
     * @throws DeviceException the drive has no sg node
     */
    String scsiGenericNode() {
        return sysfs.scsiGenericNode(nodeName).orElseThrow(() -> new DeviceException(name, "no SCSI generic node"
                + " under /sys/class/scsi_tape/" + nodeName + "/device/scsi_generic (is the sg module loaded?)"));
    }
}
