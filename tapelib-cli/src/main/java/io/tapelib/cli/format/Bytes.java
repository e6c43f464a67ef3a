package io.tapelib.cli.format;

import java.util.Locale;

/** Byte counts for people: decimal units as tape capacities are sold (an LTO-5 cartridge holds 1.5 TB). */
public final class Bytes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private Bytes() {
    }

    /** e.g. 0 B, 999 B, 1.2 kB, 52 MB, 1.5 TB: three significant digits at most, one decimal below 10. */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 999.5 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return (value < 9.95 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value))
                + " " + UNITS[unit];
    }
}
