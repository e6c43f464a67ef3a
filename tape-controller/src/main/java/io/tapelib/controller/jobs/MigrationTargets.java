package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.ltfs.VolumeKind;

import java.util.List;
import java.util.function.Function;

/** Chooses the cartridge a migration batch goes to: an appendable LTFS volume with room, else a blank cartridge. */
final class MigrationTargets {

    /** Logical block size of volumes this controller formats, bytes. */
    private final int blockSize;
    private final DriveQueues drives;
    private final KnownVolumes known;
    private final Robot robot;
    /** Probes an unseen volume on a drive (mounting it when LTFS) and returns what it learned; blocks. */
    private final Function<String, VolumeSummary> probe;

    MigrationTargets(int blockSize, DriveQueues drives, KnownVolumes known, Robot robot,
                     Function<String, VolumeSummary> probe) {
        this.blockSize = blockSize;
        this.drives = drives;
        this.known = known;
        this.robot = robot;
        this.probe = probe;
    }

    /**
     * The volume tag for a batch whose first file is {@code firstFileBytes} bytes: a volume assigned to a drive with
     * room for it (and two blocks of index), else any other LTFS volume in a drive or a storage slot with room, else the first blank
     * cartridge found.
     * Volumes not seen since start-up are probed (and mounted when LTFS) on a drive first.
     *
     * @throws TapeFullException no LTFS volume has room and no blank cartridge is left
     */
    String choose(long firstFileBytes) {
        long needed = firstFileBytes + 2L * blockSize;
        for (String assigned : drives.assignedTags()) {
            VolumeSummary summary = known.find(assigned).orElse(null);
            if (summary != null && summary.kind() == VolumeKind.LTFS && summary.remainingBytes() >= needed) {
                return summary.volumeTag();
            }
        }
        Inventory inventory = robot.inventory();
        List<String> candidates = inventory.all()
                .filter(e -> e.type() != ElementType.IMPORT_EXPORT && e.full() && !e.isCleaningCartridge())
                .flatMap(e -> e.volumeTag().stream())
                .toList();
        String blank = null;
        for (String tag : candidates) {
            VolumeSummary summary = known.find(tag).orElseGet(() -> probe.apply(tag));
            if (summary.kind() == VolumeKind.LTFS && summary.remainingBytes() >= needed) {
                return tag;
            }
            if (summary.kind() == VolumeKind.BLANK && blank == null) {
                blank = tag;
            }
        }
        if (blank == null) {
            throw new TapeFullException("no LTFS volume has room for " + firstFileBytes + " bytes and no blank cartridge is left");
        }
        return blank;
    }
}
