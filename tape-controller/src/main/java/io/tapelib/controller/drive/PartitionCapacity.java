package io.tapelib.controller.drive;

/**
 * Capacity of one partition of the loaded cartridge.
 *
 * @param totalBytes     the partition's size in bytes (native, uncompressed)
 * @param remainingBytes bytes that can still be written after EOD before the end of the partition
 * @param earlyWarningBytes how far before the end the drive reports early warning, in bytes
 */
public record PartitionCapacity(long totalBytes, long remainingBytes, long earlyWarningBytes) {
}
