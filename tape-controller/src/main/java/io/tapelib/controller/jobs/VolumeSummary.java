package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.VolumeKind;

/**
 * What the controller knows of one cartridge's volume.
 *
 * @param volumeTag      the cartridge's barcode
 * @param kind           LTFS, BLANK or UNSUPPORTED
 * @param volumeUuid     the LTFS volume UUID, empty unless LTFS
 * @param generation     the index generation of the latest index, 0 unless LTFS
 * @param blockSize      the volume's block size in bytes, 0 unless LTFS
 * @param capacityBytes  data partition capacity in bytes, 0 unless LTFS
 * @param remainingBytes bytes still writable in the data partition, 0 unless LTFS
 * @param detail         why the volume is BLANK or UNSUPPORTED, in the probe's words
 * @param writeProtected the cartridge's write-protect tab is set, as the drive reported it at the load
 */
public record VolumeSummary(String volumeTag, VolumeKind kind, String volumeUuid, long generation, long blockSize,
                            long capacityBytes, long remainingBytes, String detail, boolean writeProtected) {
}
