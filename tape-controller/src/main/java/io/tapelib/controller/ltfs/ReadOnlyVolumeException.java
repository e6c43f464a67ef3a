package io.tapelib.controller.ltfs;

/**
 * A write to a volume mounted read-only because it is not consistent (LTFS Format Specification 2.4,
 * "Consistency"): nothing is written until an operator recovers it ({@link LtfsVolume#recover()}).
 */
public class ReadOnlyVolumeException extends LtfsException {
    /**
     * @param volumeTag the cartridge
     * @param why       the volume's consistency summary
     */
    public ReadOnlyVolumeException(String volumeTag, String why) {
        super(volumeTag + " is mounted read-only: " + why);
    }
}
