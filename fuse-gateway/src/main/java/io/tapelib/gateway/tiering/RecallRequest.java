package io.tapelib.gateway.tiering;

import io.tapelib.gateway.namespace.RecallPriority;
import java.time.Instant;
import java.util.Objects;

/**
 * One file waiting in the recall queue for the cartridge that holds its current content.
 *
 * @param inode     the file
 * @param volumeTag the cartridge to read it from (the catalog's copy chosen when the request was queued)
 * @param partition LTFS partition of its first extent (0 = index partition "a", 1 = data partition "b")
 * @param block     logical block where its first extent starts
 * @param bytes     bytes of its extents on that cartridge (what the drive streams for it)
 * @param priority  who waits for it
 * @param arrived   when it was first asked for: its age decides among cartridges of the same priority class
 * @param deadline  RECALL_TIMEOUT after it was asked for: while the controller is away it is retried until then
 */
record RecallRequest(long inode, String volumeTag, int partition, long block, long bytes, RecallPriority priority,
                     Instant arrived, Instant deadline) {
    RecallRequest {
        Objects.requireNonNull(volumeTag, "volumeTag");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(arrived, "arrived");
        Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * This request joined by another for the same file: the more urgent priority, the earlier arrival (it has waited
     * since then) and the later deadline.
     */
    RecallRequest joinedBy(RecallRequest other) {
        RecallPriority urgent = other.priority.compareTo(priority) < 0 ? other.priority : priority;
        Instant first = other.arrived.isBefore(arrived) ? other.arrived : arrived;
        Instant last = other.deadline.isAfter(deadline) ? other.deadline : deadline;
        return new RecallRequest(inode, volumeTag, partition, block, bytes, urgent, first, last);
    }

    /** Tape order: partition, then logical block, then inode (so that equal positions order the same every time). */
    static int alongTape(RecallRequest a, RecallRequest b) {
        int byPartition = Integer.compare(a.partition, b.partition);
        if (byPartition != 0) {
            return byPartition;
        }
        int byBlock = Long.compare(a.block, b.block);
        return byBlock != 0 ? byBlock : Long.compare(a.inode, b.inode);
    }
}
