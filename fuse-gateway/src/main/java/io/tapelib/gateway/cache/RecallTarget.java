package io.tapelib.gateway.cache;

import java.nio.ByteBuffer;

/**
 * Where a recall puts a file's bytes as they arrive from tape (shared/DESIGN.md section 1, read-while-recall):
 * chunks may come in any order; readers waiting on a range are released as soon as it is present.
 * Implemented by {@link CacheStore}; called by the tiering package while it streams a Recall.
 */
public interface RecallTarget {

    /**
     * Starts (or continues, when already started with the same length) receiving a file.
     *
     * @param length the file's length, bytes
     * @throws CacheFullException when the cache cannot make room for {@code length} bytes
     */
    void begin(long inode, long length);

    /**
     * Stores a chunk at {@code offset} (bytes from the start of the file).
     *
     * @throws IllegalStateException when no recall of this inode is in progress
     * @throws CacheException on a local I/O error
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
