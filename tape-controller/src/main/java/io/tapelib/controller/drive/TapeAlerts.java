package io.tapelib.controller.drive;

import java.util.Set;
import java.util.TreeSet;

/**
 * The TapeAlert flags a drive has set (TapeAlert log page 2Eh; flag numbers, 1 to 64, as in SSC-4 Annex A).
 * Only the cleaning flags drive decisions of the controller; the others are kept for the operator's view.
 *
 * @param flags the set flags, each 1 to 64
 * @throws IllegalArgumentException a flag outside 1..64
 */
public record TapeAlerts(Set<Integer> flags) {

    /** Flag 20, Clean now: the drive needs cleaning before it can be trusted with data (SSC-4 Annex A). */
    public static final int CLEAN_NOW = 20;
    /** Flag 21, Clean periodic: the drive is due for its routine cleaning. */
    public static final int CLEAN_PERIODIC = 21;
    /** Flag 22, Expired cleaning media: the last cleaning cartridge used is worn out; the drive was not cleaned. */
    public static final int EXPIRED_CLEANING_MEDIA = 22;
    /** Flag 23, Invalid cleaning tape: the last cartridge loaded for cleaning was not a cleaning cartridge. */
    public static final int INVALID_CLEANING_TAPE = 23;

    /** No flag set. */
    public static final TapeAlerts NONE = new TapeAlerts(Set.of());

    public TapeAlerts {
        for (int flag : flags) {
            if (flag < 1 || flag > 64) {
                throw new IllegalArgumentException("TapeAlert flags are 1 to 64, got " + flag);
            }
        }
        flags = Set.copyOf(new TreeSet<>(flags));
    }

    /** Flag 20 or 21: load a cleaning cartridge between two jobs. */
    public boolean cleaningRequested() {
        return flags.contains(CLEAN_NOW) || flags.contains(CLEAN_PERIODIC);
    }

    /** Flag 22: the cleaning cartridge just used is expired. */
    public boolean cleaningMediaExpired() {
        return flags.contains(EXPIRED_CLEANING_MEDIA);
    }

    @Override
    public String toString() {
        return flags.isEmpty() ? "none" : "TapeAlert " + new TreeSet<>(flags);
    }
}
