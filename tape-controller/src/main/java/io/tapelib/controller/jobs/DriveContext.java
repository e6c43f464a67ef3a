package io.tapelib.controller.jobs;

import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.ltfs.BlockHasher;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.VolumeProbe;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One drive's state. Fields marked "scheduler" are guarded by the {@link DriveQueues}' monitor; fields
 * marked "executor" are touched only by the drive's own single thread.
 */
final class DriveContext {

    /** Jobs that may wait for one drive before submission is refused. */
    static final int QUEUE_CAPACITY = 64;

    final int index;
    final TapeDrive drive;
    final ThreadPoolExecutor executor;
    /** The drive's hashing thread ({@code tape-hash-<index>}), used by its volumes; closed after the executor ended. */
    final BlockHasher hasher;

    // scheduler: the tag the drive will hold once its queued jobs ran; jobs queued or running; last use
    String assignedTag;
    int pending;
    long lastUsed;

    // executor: what is physically in the drive
    // loadedTag is also read by the scheduler when it chooses a drive, hence volatile
    volatile String loadedTag;
    int sourceSlot;
    boolean threaded;
    VolumeProbe probe;
    LtfsVolume volume;
    /** Why the last index write of the mounted volume failed; null when it completed. The cartridge may not leave. */
    String unfinishedIndex;

    DriveContext(int index, TapeDrive drive) {
        this.index = index;
        this.drive = drive;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY), task -> {
            Thread thread = new Thread(task, "tape-drive-" + index);
            thread.setDaemon(true);
            return thread;
        });
        this.hasher = new BlockHasher("tape-hash-" + index);
    }
}
