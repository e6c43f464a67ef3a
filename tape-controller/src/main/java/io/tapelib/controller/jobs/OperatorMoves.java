package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;

import java.util.concurrent.CompletableFuture;

/**
 * An operator's load and unload of a named drive (REST and gRPC Load/Unload), as jobs on that drive's queue. The
 * futures fail with {@link UnknownElementException} (no such drive or slot), {@link DestinationFullException} (the
 * drive is full), {@link SourceEmptyException} (nothing to unload), or the changer's and drive's own errors.
 */
final class OperatorMoves {

    private final DriveQueues drives;
    private final DriveCartridges cartridges;
    private final JobHistory jobs;
    private final Robot robot;

    OperatorMoves(DriveQueues drives, DriveCartridges cartridges, JobHistory jobs, Robot robot) {
        this.drives = drives;
        this.cartridges = cartridges;
        this.jobs = jobs;
        this.robot = robot;
    }

    /**
     * Loads a cartridge into a drive (a LOAD job), queued behind the drive's work.
     *
     * @param drive     data transfer element number
     * @param volumeTag the cartridge, or null to name it by slot
     * @param slot      storage element number (1-based), used when {@code volumeTag} is null
     * @return the finished job
     */
    public CompletableFuture<JobRecord> load(int drive, String volumeTag, int slot) {
        DriveContext context = drives.drive(drive);
        if ((volumeTag == null || volumeTag.isBlank()) && slot <= 0) {
            throw new IllegalArgumentException("a load names a volume tag or a storage slot (1-based)");
        }
        JobHandle job = jobs.submit(JobType.LOAD, volumeTag, drive);
        return drives.submit(context, null, job, () -> {
            job.started();
            try {
                Inventory inventory = robot.inventory();
                // The cartridge first: an unknown volume tag or a cleaning cartridge is the clearer answer.
                Element source = volumeTag != null && !volumeTag.isBlank()
                        ? Cartridges.findStored(inventory, volumeTag.strip())
                        : Cartridges.inSlot(inventory, slot);
                Element driveElement = inventory.dataTransfer().stream().filter(e -> e.number() == drive).findFirst()
                        .orElseThrow(() -> new UnknownElementException("drive " + drive,
                                "the changer reports no data transfer element " + drive));
                if (driveElement.full()) {
                    throw new DestinationFullException("drive " + drive, "drive " + drive + " already holds "
                            + driveElement.volumeTag().orElse("a cartridge without a label") + "; unload it first");
                }
                String tag = source.volumeTag().orElse("");
                job.volumeTag(tag);
                cartridges.load(context, source, job);
                drives.assign(context, tag);
                job.succeeded();
                return jobs.find(job.id()).orElseThrow();
            } catch (RuntimeException e) {
                job.failed(e);
                throw e;
            }
        });
    }

    /**
     * Unloads a drive (an UNLOAD job): the mounted volume is unmounted first (index on both partitions).
     *
     * @param drive data transfer element number
     * @param slot  storage element to put the cartridge in; 0 for the slot it came from
     * @return the finished job
     */
    public CompletableFuture<JobRecord> unload(int drive, int slot) {
        DriveContext context = drives.drive(drive);
        if (slot < 0) {
            throw new IllegalArgumentException("slot must be 0 (the source slot) or a storage element number, got " + slot);
        }
        JobHandle job = jobs.submit(JobType.UNLOAD, null, drive);
        return drives.submit(context, null, job, () -> {
            job.started();
            try {
                if (context.loadedTag == null) {
                    throw new SourceEmptyException("drive " + drive, "drive " + drive + " holds no cartridge");
                }
                job.volumeTag(context.loadedTag);
                cartridges.unload(context, slot);
                job.succeeded();
                return jobs.find(job.id()).orElseThrow();
            } catch (RuntimeException e) {
                job.failed(e);
                throw e;
            } finally {
                drives.assign(context, context.loadedTag);
            }
        });
    }
}
