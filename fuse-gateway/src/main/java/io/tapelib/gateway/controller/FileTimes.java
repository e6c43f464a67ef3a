package io.tapelib.gateway.controller;

import java.time.Instant;
import java.util.Objects;

/**
 * The four times an LTFS index keeps per file (LTFS Format Specification 2.4, section 7.5: modifytime,
 * changetime, accesstime, creationtime), nanosecond resolution.
 */
public record FileTimes(Instant modify, Instant change, Instant access, Instant creation) {
    public FileTimes {
        Objects.requireNonNull(modify, "modify");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(creation, "creation");
    }
}
