package io.tapelib.gateway.cache;

import java.nio.ByteBuffer;

/**
 * Where a recall puts a file's bytes as they arrive from tape (shared/DESIGN.md section 1, read-while-recall):
 * chunks may come in any order; readers waiting on a range are released as soon as it is present.
 * Implemented by {@link RecallRanges}, reached through {@link CacheStore#recallTarget}; called by the tiering
 * package while it streams a Recall.
 */
public interface RecallTarget {

    /**
     * Starts (or continues, when already started with the same length) receiving a file. Takes no room yet: the
     * first {@link #write} does.
     *
     * @param length the file's length, bytes
     * @return where the bytes still needed start, bytes into the file: 0 for a new recall; for one continued after
     *         its stream was cut (the controller went away), the end of the bytes held without a hole from the start
     *         (from the lowest offset a reader needs, for a file streaming through a ring), so that only the rest is
     *         read from tape again
     */
    long begin(long inode, long length);

    /**
     * Stores a chunk at {@code offset} (bytes from the start of the file). The first chunk takes the recall's room
     * (waiting for it within RECALL_TIMEOUT); for a file larger than that room this call waits while the reader is
     * behind, which holds the caller's stream back.
     *
     * @throws RecallSupersededException when a reader restarted the file's recall: drop the file, do not fail it
     * @throws IllegalStateException when no recall of this inode is in progress
     * @throws CacheFullException when no room came in time
     * @throws CacheException on a local I/O error, or when the file's reader left or stalled for RECALL_TIMEOUT
     */
    void write(long inode, long offset, ByteBuffer bytes);

    /**
     * Ends the recall: the object becomes a complete cached copy.
     *
     * @throws IllegalStateException when no recall is in progress; when bytes are missing the recall fails instead
     */
    void complete(long inode);

    /** Ends the recall as failed, in the device's or controller's words; waiting readers get EIO. */
    void fail(long inode, String reason);
}
