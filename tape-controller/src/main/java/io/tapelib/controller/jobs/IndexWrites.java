package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.LtfsVolume;

/** Writes a mounted volume's index on the data partition for a job, keeping the cartridge in when that fails. */
final class IndexWrites {

    private final DriveQueues drives;
    private final DriveCartridges cartridges;

    IndexWrites(DriveQueues drives, DriveCartridges cartridges) {
        this.drives = drives;
        this.cartridges = cartridges;
    }

    /**
     * Writes an index on the data partition. A failure marks the drive: its cartridge stays in until an index write
     * succeeds (the unmount before any unload retries it).
     *
     * @throws RuntimeException what the write failed with (a device error, {@link
     *                          io.tapelib.controller.ltfs.ReadOnlyVolumeException})
     */
    void write(LoadedVolume volume, LtfsVolume ltfs) {
        DriveContext context = drives.drive(volume.drive());
        try {
            ltfs.writeIndex();
            context.unfinishedIndex = null;
        } catch (RuntimeException e) {
            cartridges.indexWriteFailed(context, e);
            throw e;
        }
    }
}
