package io.tapelib.gateway.catalog;

import java.time.Instant;

/** Instants as nanoseconds since the epoch, how the catalog stores times (fits until the year 2262). */
final class Nanos {
    private Nanos() {
    }

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
