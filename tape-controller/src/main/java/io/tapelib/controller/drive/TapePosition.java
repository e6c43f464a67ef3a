package io.tapelib.controller.drive;

/**
 * A position on tape.
 *
 * @param partition partition number (0 or 1)
 * @param block     logical object number within the partition (blocks and filemarks count)
 * @param atEndOfData whether the position is at EOD of the partition
 */
public record TapePosition(int partition, long block, boolean atEndOfData) {
}
