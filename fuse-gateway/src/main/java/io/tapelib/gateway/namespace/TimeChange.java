package io.tapelib.gateway.namespace;

import java.time.Instant;
import java.util.Objects;

/**
 * What a utimensat(2) call asks for one of a file's two settable times (access or modification): leave it as it
 * is ({@code UTIME_OMIT}), set it to the current time ({@code UTIME_NOW}) or set it to a given instant
 * (POSIX.1-2008, futimens/utimensat). The current time is the namespace's clock, read once per call, so a
 * {@code touch} sets both times and the change time to one instant.
 *
 * @param instant the time to set; null for {@link #omit()} and {@link #now()}
 * @param toNow   true for {@link #now()}
 */
public record TimeChange(Instant instant, boolean toNow) {

    private static final TimeChange OMIT = new TimeChange(null, false);
    private static final TimeChange NOW = new TimeChange(null, true);

    /** @throws IllegalArgumentException when both an instant and "now" are given */
    public TimeChange {
        if (instant != null && toNow) {
            throw new IllegalArgumentException("a time change is an instant or now, not both");
        }
    }

    /** Leave the time as it is (UTIME_OMIT). */
    public static TimeChange omit() {
        return OMIT;
    }

    /** Set the time to the current time (UTIME_NOW). */
    public static TimeChange now() {
        return NOW;
    }

    /** Set the time to {@code instant}, nanoseconds kept. */
    public static TimeChange at(Instant instant) {
        return new TimeChange(Objects.requireNonNull(instant, "instant"), false);
    }

    /** True when this leaves the time as it is. */
    public boolean omitted() {
        return instant == null && !toNow;
    }

    /** The time to store given the call's current time, or null to leave the stored time as it is. */
    Instant resolve(Instant currentTime) {
        return toNow ? currentTime : instant;
    }
}
