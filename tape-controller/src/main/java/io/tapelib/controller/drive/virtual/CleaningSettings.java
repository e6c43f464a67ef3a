package io.tapelib.controller.drive.virtual;

import java.time.Duration;

/**
 * How the drives of a virtual library wear (environment variables TAPELIB_VIRTUAL_CLEANING_INTERVAL and
 * TAPELIB_VIRTUAL_CLEANING_USES).
 *
 * @param interval      simulated time of tape motion after which a drive asks for cleaning (TapeAlert flag 21);
 *                      zero: never
 * @param cartridgeUses cleanings a cleaning cartridge is good for before it is expired (TapeAlert flag 22), at least 1
 * @throws IllegalArgumentException a negative interval or fewer than 1 use
 */
public record CleaningSettings(Duration interval, int cartridgeUses) {

    /** Drives that never ask for cleaning; cleaning cartridges good for {@link CleaningMedia#DEFAULT_USES}. */
    public static final CleaningSettings NEVER = new CleaningSettings(Duration.ZERO, CleaningMedia.DEFAULT_USES);

    public CleaningSettings {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("the cleaning interval must not be negative, got " + interval);
        }
        if (cartridgeUses < 1) {
            throw new IllegalArgumentException("a cleaning cartridge must be good for at least 1 cleaning, got "
                    + cartridgeUses);
        }
    }
}
