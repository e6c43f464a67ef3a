package io.tapelib.gateway.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * One cartridge as the catalog knows it.
 *
 * @param volumeTag      the barcode on the cartridge label (volume tag), the primary key
 * @param uuid           LTFS volume UUID, or null for a blank or unsupported cartridge
 * @param state          what the controller found on the cartridge
 * @param generation     the LTFS index generation last imported (0 when none)
 * @param capacityBytes  data partition capacity, bytes
 * @param remainingBytes data partition bytes still writable, bytes (MAM remaining capacity where reported)
 * @param blockSize      LTFS block size, bytes
 * @param lastIndexed    when the index was last imported, or null if never
 */
public record VolumeRecord(String volumeTag, String uuid, VolumeState state, long generation, long capacityBytes,
                           long remainingBytes, long blockSize, Instant lastIndexed) {
    public VolumeRecord {
        Objects.requireNonNull(volumeTag, "volumeTag");
        Objects.requireNonNull(state, "state");
        if (volumeTag.isBlank()) {
            throw new IllegalArgumentException("volume tag is blank");
        }
    }
}
