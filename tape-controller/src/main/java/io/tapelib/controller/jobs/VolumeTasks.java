package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.Element;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs work on a cartridge in the drive {@link DriveQueues} chooses for it, loading it first when needed: for one job
 * on one cartridge ({@link #onVolume}), or, for a job that spans cartridges and drives (reclaim), as tasks of a job the
 * caller owns ({@link #reserve} and {@link #submit}).
 */
final class VolumeTasks {

    private final Robot robot;
    private final DriveQueues drives;
    private final DriveCartridges cartridges;
    private final JobHistory jobs;
    private final KnownVolumes known;
    /** Logical block size of volumes this controller formats, bytes. */
    private final int blockSize;
    /** Where mounted volumes keep their directory trees (TAPE_MOUNT_DIR). */
    private final Path workDir;

    VolumeTasks(Robot robot, DriveQueues drives, DriveCartridges cartridges, JobHistory jobs, KnownVolumes known,
                int blockSize, Path workDir) {
        this.robot = robot;
        this.drives = drives;
        this.cartridges = cartridges;
        this.jobs = jobs;
        this.known = known;
        this.blockSize = blockSize;
        this.workDir = workDir;
    }

    /**
     * Runs {@code work} on {@code volumeTag} as one job of {@code type} (none when null), which it starts and ends.
     *
     * @return the work's result; fails with {@link VolumeNotFoundException}, {@link
     *         io.tapelib.controller.device.CleaningCartridgeException}, {@link IllegalArgumentException} (no volume tag)
     *         or whatever the work threw
     */
    <T> CompletableFuture<T> onVolume(String volumeTag, JobType type, DriveVolumeWork<T> work) {
        DriveContext context;
        try {
            context = reserve(volumeTag);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        String tag = context.assignedTag;
        JobHandle job = type == null ? JobHandle.NONE : jobs.submit(type, tag, context.index);
        return drives.submitChosen(context, tag, job, () -> {
            job.started();
            try {
                T result = load(context, tag, job, work);
                job.succeeded();
                return result;
            } catch (RuntimeException e) {
                job.failed(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                throw e;
            }
        });
    }

    /**
     * Chooses (and reserves) the drive for work on {@code volumeTag}; the caller must pass it to {@link #submit}.
     *
     * @throws IllegalArgumentException no volume tag
     * @throws VolumeNotFoundException  no element of the library holds it
     * @throws io.tapelib.controller.device.CleaningCartridgeException it is a cleaning cartridge
     */
    DriveContext reserve(String volumeTag) {
        String tag = checkedTag(volumeTag);
        return drives.choose(tag);
    }

    /**
     * The library's element that holds {@code volumeTag}, checked as for {@link #reserve} but reserving nothing.
     *
     * @return the volume tag, stripped
     */
    String checkedTag(String volumeTag) {
        if (volumeTag == null || volumeTag.isBlank()) {
            throw new IllegalArgumentException("a volume tag is required");
        }
        String tag = volumeTag.strip();
        Optional<Element> element = robot.inventory().find(tag);
        if (element.isEmpty()) {
            throw new VolumeNotFoundException(tag);
        }
        if (element.get().isCleaningCartridge()) {
            throw Cartridges.cleaningRefusal(tag);
        }
        return tag;
    }

    /**
     * Runs {@code work} on {@code tag} in the drive {@code context} reserved for it (by {@link #reserve} or
     * {@link DriveQueues#chooseOther}), as part of {@code job}, which the caller starts and ends.
     */
    <T> CompletableFuture<T> submit(DriveContext context, String tag, JobHandle job, DriveVolumeWork<T> work) {
        return drives.submitChosen(context, tag, job, () -> load(context, tag, job, work));
    }

    /** Gives back a drive reserved by {@link #reserve} for work that will not run after all. */
    void release(DriveContext context) {
        drives.submitChosen(context, null, JobHandle.NONE, () -> null);
    }

    private <T> T load(DriveContext context, String tag, JobHandle job, DriveVolumeWork<T> work) {
        try {
            cartridges.ensureLoaded(context, tag);
            return work.run(new DriveVolume(context, jobs, known, blockSize, workDir), job);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
