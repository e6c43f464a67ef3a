package io.tapelib.controller.ltfs;

/** The cartridge does not hold an LTFS volume (no VOL1 label with implementation identifier LTFS, or no LTFS label). */
public class NotLtfsVolumeException extends LtfsException {
    public NotLtfsVolumeException(String volume, String message) {
        super(volume + ": not an LTFS volume: " + message);
    }
}
