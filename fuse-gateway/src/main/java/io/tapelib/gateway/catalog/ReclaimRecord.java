package io.tapelib.gateway.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A cartridge being reclaimed, as the catalog keeps it across restarts (table {@code reclaim}, schema version 5).
 *
 * @param volumeTag the source cartridge
 * @param since     when its reclaim started
 */
public record ReclaimRecord(String volumeTag, Instant since) {
    public ReclaimRecord {
        Objects.requireNonNull(volumeTag, "volumeTag");
        Objects.requireNonNull(since, "since");
    }
}
