package io.tapelib.controller.api.rest;

/**
 * The checked path and query parameters of the REST API (docs/operator-api.md, "Bounds"). Every refusal is an
 * {@link IllegalArgumentException} (HTTP 400) whose message names the parameter and quotes at most
 * {@value #ECHO_LIMIT} characters of the client's value.
 */
final class RestParameters {
    /** Most characters of a client's value a message repeats. */
    static final int ECHO_LIMIT = 64;
    /** Largest drive number taken; no library has a million drives (a drive the library lacks is 404, not 400). */
    static final int MAX_DRIVE = 1_000_000;
    /** The job list's bounds and default. */
    static final int MAX_JOBS = 1000;
    static final int DEFAULT_JOBS = 100;

    private RestParameters() {
    }

    /** A drive number from the path: a whole number from 0. */
    static int drive(String value) {
        return wholeNumber("drive", value, 0, MAX_DRIVE, "a data transfer element number as GET /api/v1/library lists it");
    }

    /** The job list's {@code limit}: 1..{@value #MAX_JOBS}, {@value #DEFAULT_JOBS} when absent. */
    static int jobLimit(String value) {
        return value == null ? DEFAULT_JOBS : wholeNumber("limit", value, 1, MAX_JOBS, "how many jobs to list");
    }

    /**
     * A body's storage element number: absent (null) is 0, else {@code min}..{@value #MAX_DRIVE}.
     *
     * @param min 1, or 0 where 0 has a meaning (an unload's "back to the source slot")
     */
    static int slot(String field, Integer value, int min) {
        if (value == null) {
            return 0;
        }
        if (value < min || value > MAX_DRIVE) {
            throw new IllegalArgumentException(field + " must be a storage element number from " + min + " to " + MAX_DRIVE
                    + " (as GET /api/v1/library lists it), got " + value);
        }
        return value;
    }

    private static int wholeNumber(String name, String value, int min, int max, String what) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + " (" + what
                + "), got " + echo(value));
    }

    /** A client's value as a message may quote it: cut to {@value #ECHO_LIMIT} characters, control characters escaped. */
    static String echo(String value) {
        String cut = value.length() > ECHO_LIMIT ? value.substring(0, ECHO_LIMIT) + "..." : value;
        StringBuilder quoted = new StringBuilder(cut.length() + 2).append('\'');
        cut.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('\'').toString();
    }
}
