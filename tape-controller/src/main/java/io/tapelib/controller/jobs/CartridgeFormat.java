package io.tapelib.controller.jobs;

import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.VolumeKind;
import io.tapelib.controller.ltfs.VolumeProbe;

import java.util.Optional;

/**
 * A FORMAT job asked for by a caller (the gateway returning a reclaimed cartridge to the scratch pool, an operator):
 * the guards, then a new, empty LTFS volume (mkltfs; LTFS Format Specification 2.4, section 8). Each guard refuses
 * before anything is written to the cartridge.
 */
final class CartridgeFormat {

    private CartridgeFormat() {
    }

    /**
     * Formats the loaded cartridge on its drive's thread.
     *
     * @param erase        whether a cartridge that holds data (an LTFS volume or anything else) may be overwritten
     * @param expectedUuid when not blank, the LTFS volume UUID the cartridge must hold
     * @return the new, mounted volume (index generation 1)
     * @throws WriteProtectedException     the cartridge is write protected
     * @throws UnsupportedVolumeException  the cartridge holds data and {@code erase} is false
     * @throws UnexpectedVolumeException   {@code expectedUuid} is set and the cartridge holds another volume, or none
     */
    static LtfsVolume format(DriveVolume volume, boolean erase, String expectedUuid) {
        String tag = volume.volumeTag();
        if (volume.writeProtected()) {
            throw new WriteProtectedException("drive " + volume.drive(), tag + " is write protected; nothing was written");
        }
        VolumeProbe probe = volume.probe();
        Optional<String> uuid = volume.volumeUuid();
        String expected = expectedUuid == null ? "" : expectedUuid.strip();
        if (!expected.isEmpty() && !uuid.map(expected::equals).orElse(false)) {
            throw new UnexpectedVolumeException(tag + " holds " + uuid.map(u -> "LTFS volume " + u)
                    .orElse("no LTFS volume (" + probe.kind() + ": " + probe.detail() + ")") + ", not the expected "
                    + expected + "; nothing was written");
        }
        if (probe.kind() != VolumeKind.BLANK && !erase) {
            throw new UnsupportedVolumeException(tag + " holds " + uuid.map(u -> "LTFS volume " + u)
                    .orElse("data (" + probe.detail() + ")") + "; formatting erases it and needs erase; nothing was written");
        }
        return volume.reformat();
    }
}
