package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.TapeDrive;

/**
 * Whether a mounted volume takes writes: its consistency (LTFS Format Specification 2.4, "Consistency") and the
 * index's {@code volumelockstate} (§9.2.1); and whether an operator's recover may write the new index it needs.
 * Behind {@link LtfsVolume#readOnly()}, {@link LtfsVolume#checkWritable()} and {@link LtfsVolume#recover()}.
 */
final class WriteAccess {

    private final String volumeTag;
    /** The index's {@code volumelockstate}, carried into our indexes. */
    private final String volumeLockState;
    private Consistency consistency;

    WriteAccess(String volumeTag, String volumeLockState, Consistency consistency) {
        this.volumeTag = volumeTag;
        this.volumeLockState = volumeLockState;
        this.consistency = consistency;
    }

    Consistency consistency() {
        return consistency;
    }

    void consistency(Consistency now) {
        consistency = now;
    }

    String volumeLockState() {
        return volumeLockState;
    }

    boolean readOnly() {
        return !consistency.consistent() || !LtfsVolume.UNLOCKED.equals(volumeLockState);
    }

    /** @throws ReadOnlyVolumeException the volume is locked, or not consistent */
    void checkWritable() {
        if (!LtfsVolume.UNLOCKED.equals(volumeLockState)) {
            throw new ReadOnlyVolumeException(volumeTag, "its index says the volume is " + volumeLockState
                    + " (volumelockstate); another LTFS implementation locked it against writes");
        }
        if (readOnly()) {
            throw new ReadOnlyVolumeException(volumeTag, consistency.summary());
        }
    }

    /**
     * Refuses a write-protected cartridge before anything changes in the directory tree, so that a refused write
     * leaves no change behind that the unmount would try to write again.
     *
     * @throws WriteProtectedException the cartridge is write protected
     */
    void requireWritableCartridge(TapeDrive drive) {
        if (drive.status().writeProtected()) {
            throw new WriteProtectedException(drive.name(), volumeTag + " is write protected; its index cannot change");
        }
    }

    /**
     * @throws WriteProtectedException the cartridge is write protected
     * @throws ReadOnlyVolumeException the index's {@code volumelockstate} is not {@code unlocked}
     */
    void requireRecoverable(TapeDrive drive) {
        if (drive.status().writeProtected()) {
            throw new WriteProtectedException(drive.name(), volumeTag + " is write protected; recovering it means"
                    + " writing a new index");
        }
        if (!LtfsVolume.UNLOCKED.equals(volumeLockState)) {
            throw new ReadOnlyVolumeException(volumeTag, "its index says the volume is " + volumeLockState
                    + "; recovering it means writing a new index, which a locked volume does not take");
        }
    }
}
