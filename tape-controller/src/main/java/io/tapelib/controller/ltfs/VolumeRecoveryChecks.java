package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.TapeDrive;

/** Refuses an operator's recover of a volume that cannot take the new index a recovery writes. */
final class VolumeRecoveryChecks {

    private VolumeRecoveryChecks() {
    }

    /**
     * @throws WriteProtectedException the cartridge is write protected
     * @throws ReadOnlyVolumeException the index's {@code volumelockstate} is not {@code unlocked} (LTFS Format
     *                                 Specification 2.4, §9.2.1)
     */
    static void requireRecoverable(TapeDrive drive, String volumeTag, String volumeLockState) {
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
