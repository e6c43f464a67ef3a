package io.tapelib.controller.ltfs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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

    /** The range of a four-digit year; times outside are written clamped, as the reference implementation does
     * ({@code xml_format_time}, {@code LTFS_TIME_OUT_OF_RANGE}). */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    static String format(Instant time) {
        Instant clamped = time.isBefore(EARLIEST) ? EARLIEST : time.isAfter(LATEST) ? LATEST : time;
        return FORMAT.format(clamped);
    }

    /**
     * {@code YYYY-MM-DDThh:mm:ss}, an optional fraction of 1 to 9 digits (the specification asks for 9), {@code Z}.
     * Read by hand rather than with a regular expression and {@link Instant#parse}: an index holds four time stamps per
     * entry, and those two took nearly half of the controller's time to read the index of a million-file cartridge.
     * Hours 24 and leap seconds (60), which the ISO format knows, go to {@link Instant#parse}.
     *
     * @throws DateTimeParseException when the text is not a UTC time of that shape with a four-digit year, or names
     *                                no such date or time
     */
    static Instant parse(String text) {
        String trimmed = text.trim();
        if (!hasShape(trimmed)) {
            throw new DateTimeParseException("not YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ", trimmed, 0);
        }
        int hour = number(trimmed, 11, 13);
        int minute = number(trimmed, 14, 16);
        int second = number(trimmed, 17, 19);
        if (hour > 23 || minute > 59 || second > 59) {
            return Instant.parse(trimmed);
        }
        long nanos = 0;
        int end = trimmed.length() - 1;
        if (end > FRACTION) {
            nanos = number(trimmed, FRACTION + 1, end);
            for (int digits = end - FRACTION - 1; digits < 9; digits++) {
                nanos *= 10;
            }
        }
        try {
            long day = LocalDate.of(number(trimmed, 0, 4), number(trimmed, 5, 7), number(trimmed, 8, 10)).toEpochDay();
            return Instant.ofEpochSecond(day * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            throw new DateTimeParseException(e.getMessage(), trimmed, 0, e);
        }
    }

    /** Where the fraction's '.' is, or the 'Z' when there is no fraction. */
    private static final int FRACTION = 19;
    private static final long SECONDS_PER_DAY = 86_400;
    /** The separators of {@code YYYY-MM-DDThh:mm:ss} by position; digits elsewhere. */
    private static final String SEPARATORS = "    -  -  T  :  :  ";

    private static boolean hasShape(String text) {
        int length = text.length();
        if (length < FRACTION + 1 || length > FRACTION + 11 || text.charAt(length - 1) != 'Z') {
            return false;
        }
        for (int i = 0; i < FRACTION; i++) {
            char expected = SEPARATORS.charAt(i);
            char actual = text.charAt(i);
            if (expected == ' ' ? !isDigit(actual) : actual != expected) {
                return false;
            }
        }
        if (length == FRACTION + 1) {
            return true;
        }
        if (text.charAt(FRACTION) != '.' || length == FRACTION + 2) {
            return false;
        }
        for (int i = FRACTION + 1; i < length - 1; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The decimal number of the digits from {@code start} (inclusive) to {@code end} (exclusive): at most 9. */
    private static int number(String text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
