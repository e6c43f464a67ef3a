package io.tapelib.gateway.namespace;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves; the namespace reads it for creation, change, write and UTIME_NOW times. */
final class SettableClock extends Clock {
    private volatile Instant instant;

    SettableClock(Instant instant) {
        this.instant = instant;
    }

    void set(Instant next) {
        instant = next;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC only");
    }

    @Override
    public Instant instant() {
        return instant;
    }
}
