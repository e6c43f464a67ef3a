package io.tapelib.controller.ltfs;

import java.time.Instant;

/**
 * The LTFS label record that follows the VOL1 label on each partition (LTFS Format Specification 2.4, section 8.1.2).
 *
 * @param version        the {@code version} attribute, e.g. {@code 2.4.0}
 * @param creator        the software that formatted the volume
 * @param formatTime     when the volume was formatted
 * @param volumeUuid     the volume UUID
 * @param partition      the partition this label is recorded on: 0 (a) or 1 (b)
 * @param indexPartition the index partition: 0 (a)
 * @param dataPartition  the data partition: 1 (b)
 * @param blockSize      logical block size of file data and indexes, in bytes
 * @param compression    whether data is written with drive compression
 */
public record LtfsLabel(String version, String creator, Instant formatTime, String volumeUuid, int partition,
                        int indexPartition, int dataPartition, int blockSize, boolean compression) {

    /** The same label as recorded on another partition. */
    public LtfsLabel onPartition(int otherPartition) {
        return new LtfsLabel(version, creator, formatTime, volumeUuid, otherPartition, indexPartition, dataPartition,
                blockSize, compression);
    }
}
