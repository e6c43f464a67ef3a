package io.tapelib.controller.ltfs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * LTFS time stamps: UTC, nine fraction digits, suffix Z, e.g. {@code 2026-11-23T00:27:02.041956530Z}
 * (LTFS Format Specification 2.4, section 7.7 Time stamp format).
 */
final class LtfsTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private LtfsTime() {
    }

    /** The range of a four-digit year; times outside are written clamped, as the reference implementation does
     * ({@code xml_format_time}, {@code LTFS_TIME_OUT_OF_RANGE}). */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    static String format(Instant time) {
        Instant clamped = time.isBefore(EARLIEST) ? EARLIEST : time.isAfter(LATEST) ? LATEST : time;
        return FORMAT.format(clamped);
    }

    /** {@code YYYY-MM-DDThh:mm:ss}, an optional fraction of 1 to 9 digits (the specification asks for 9), {@code Z}. */
    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    /** @throws DateTimeParseException when the text is not a UTC time of that shape with a four-digit year */
    static Instant parse(String text) {
        String trimmed = text.trim();
        if (!SHAPE.matcher(trimmed).matches()) {
            throw new DateTimeParseException("not YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ", trimmed, 0);
        }
        return Instant.parse(trimmed);
    }
}
