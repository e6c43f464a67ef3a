package io.tapelib.controller.ltfs;

/**
 * Where an index lies: the {@code location} (self pointer) and {@code previousgenerationlocation} (back pointer)
 * elements (LTFS Format Specification 2.4, sections 5.4.2 and 5.4.3).
 *
 * @param partition  0 = index partition a, 1 = data partition b
 * @param startBlock logical block of the index's first block, within the partition
 */
public record IndexLocation(int partition, long startBlock) {

    /** LTFS partition identifier letter of a partition number: 0 is {@code a}, 1 is {@code b}. */
    public static char partitionId(int partition) {
        return (char) ('a' + partition);
    }

    /** Partition number of an LTFS partition identifier: {@code a} is 0, {@code b} is 1. */
    public static int partitionNumber(String id) {
        String trimmed = id.trim();
        if (trimmed.length() != 1 || trimmed.charAt(0) < 'a' || trimmed.charAt(0) > 'b') {
            throw new IllegalArgumentException("partition identifier '" + id + "' is neither a nor b");
        }
        return trimmed.charAt(0) - 'a';
    }

    @Override
    public String toString() {
        return partitionId(partition) + ":" + startBlock;
    }
}
