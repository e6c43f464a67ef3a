package io.tapelib.gateway.controller;

import java.util.Objects;

/**
 * One cartridge as the controller describes it after reading or writing its index.
 *
 * @param volumeTag      the cartridge's volume tag (barcode), never blank
 * @param format         LTFS, blank or unsupported
 * @param uuid           the LTFS volume UUID, null for a blank or unsupported cartridge
 * @param generation     the LTFS index generation of the newest index (0 when none)
 * @param blockSize      LTFS block size, bytes
 * @param capacityBytes  data partition capacity, bytes
 * @param remainingBytes data partition bytes still writable, bytes
 */
public record VolumeSummary(String volumeTag, VolumeFormat format, String uuid, long generation, long blockSize,
                            long capacityBytes, long remainingBytes) {
    public VolumeSummary {
        Objects.requireNonNull(volumeTag, "volumeTag");
        Objects.requireNonNull(format, "format");
        if (volumeTag.isBlank()) {
            throw new IllegalArgumentException("volume tag is blank");
        }
    }
}
