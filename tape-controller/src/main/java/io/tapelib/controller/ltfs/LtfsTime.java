package io.tapelib.controller.ltfs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * LTFS time stamps: UTC, nine fraction digits, suffix Z, e.g. {@code 2026-11-23T00:27:02.041956530Z}
 * (LTFS Format Specification 2.4, section 7.7 Time stamp format).
 */
final class LtfsTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private LtfsTime() {
    }

    static String format(Instant time) {
        return FORMAT.format(time);
    }

    /** @throws DateTimeParseException when the text is not an ISO-8601 UTC time */
    static Instant parse(String text) {
        return Instant.parse(text.trim());
    }
}
