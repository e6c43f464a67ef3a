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
 * @param writeProtected the cartridge's write-protect tab was set at the load that mounted it (the drive's report);
 *                       false when the controller did not say
 */
public record VolumeSummary(String volumeTag, VolumeFormat format, String uuid, long generation, long blockSize,
                            long capacityBytes, long remainingBytes, boolean writeProtected) {
    public VolumeSummary {
        Objects.requireNonNull(volumeTag, "volumeTag");
        Objects.requireNonNull(format, "format");
        if (volumeTag.isBlank()) {
            throw new IllegalArgumentException("volume tag is blank");
        }
    }

    /** A cartridge whose write-protect tab the answer does not tell (Migrate and Reclaim results). */
    public VolumeSummary(String volumeTag, VolumeFormat format, String uuid, long generation, long blockSize,
                         long capacityBytes, long remainingBytes) {
        this(volumeTag, format, uuid, generation, blockSize, capacityBytes, remainingBytes, false);
    }
}
