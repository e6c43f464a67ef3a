package io.tapelib.controller.library;

import java.util.List;

/**
 * What the virtual library knows of a cartridge beyond its logical objects; stored as
 * {@value CartridgeLayout#METADATA_FILE} in the cartridge's directory.
 *
 * @param volumeTag      the barcode label, e.g. {@code TL0001L5}
 * @param capacityBytes  native capacity of the whole cartridge in bytes
 * @param partitionBytes size of each partition in bytes; one entry for an unpartitioned cartridge
 * @param writeProtected whether the write-protect tab is set
 */
public record CartridgeMetadata(String volumeTag, long capacityBytes, List<Long> partitionBytes, boolean writeProtected) {

    public CartridgeMetadata {
        if (volumeTag == null || volumeTag.isBlank()) {
            throw new IllegalArgumentException("a cartridge needs a volume tag");
        }
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("cartridge " + volumeTag + ": capacity must be positive, got " + capacityBytes);
        }
        partitionBytes = List.copyOf(partitionBytes);
        if (partitionBytes.isEmpty() || partitionBytes.size() > 2) {
            throw new IllegalArgumentException("cartridge " + volumeTag + ": 1 or 2 partitions, got " + partitionBytes.size());
        }
    }

    /** A new, unpartitioned cartridge: one partition holding the whole capacity. */
    public static CartridgeMetadata blank(String volumeTag, long capacityBytes) {
        return new CartridgeMetadata(volumeTag, capacityBytes, List.of(capacityBytes), false);
    }

    /** Number of partitions. */
    public int partitions() {
        return partitionBytes.size();
    }

    /** A copy with the write-protect tab set or cleared. */
    public CartridgeMetadata withWriteProtected(boolean protect) {
        return new CartridgeMetadata(volumeTag, capacityBytes, partitionBytes, protect);
    }

    /** A copy with other partition sizes. */
    public CartridgeMetadata withPartitionBytes(List<Long> sizes) {
        return new CartridgeMetadata(volumeTag, capacityBytes, sizes, writeProtected);
    }
}
