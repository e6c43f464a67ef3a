package io.tapelib.controller.ltfs;

/**
 * Logical objects at the end of a partition that no index names: file data or a partial index written after the last
 * complete index construct, as a crash leaves them (LTFS Format Specification 2.4, "Consistency": a partition is
 * complete when its last construct is an index construct).
 *
 * @param partition  0 = index partition a, 1 = data partition b
 * @param firstBlock the first such logical object
 * @param endBlock   the partition's EOD: one past the last such object
 */
public record UnindexedBlocks(int partition, long firstBlock, long endBlock) {

    public UnindexedBlocks {
        if (firstBlock < 0 || endBlock <= firstBlock) {
            throw new IllegalArgumentException("unindexed blocks " + firstBlock + " to " + endBlock + " are no range");
        }
    }

    /** Number of logical objects (blocks and filemarks). */
    public long objects() {
        return endBlock - firstBlock;
    }

    @Override
    public String toString() {
        return "partition " + IndexLocation.partitionId(partition) + " blocks " + firstBlock + " to " + (endBlock - 1)
                + " (EOD " + endBlock + ")";
    }
}
