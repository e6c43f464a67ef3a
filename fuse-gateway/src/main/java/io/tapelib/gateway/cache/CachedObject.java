package io.tapelib.gateway.cache;

import java.nio.channels.FileChannel;

/** Bookkeeping of one inode's object; guarded by the store's lock, shared by the store's collaborators. */
final class CachedObject {
    final long inode;
    /** Bytes the object holds against CACHE_MAX_BYTES (for a recall: what it has reserved). */
    long bytes;
    /** True when {@code objects/<inode>} is a complete copy. */
    boolean present;
    /** True when a dirty journal pins the object. */
    boolean dirty;
    /** True when the file is dirty but its content is gone from the cache (lost until deleted or written anew). */
    boolean lost;
    /** Open handles pinning the object. */
    int openCount;
    /** The object's (or recall's part file's) channel while handles or a recall use it. */
    FileChannel channel;
    /** The recall in progress, or null. */
    Recall recall;
    /** Why the last recall failed, in the controller's or cache's words; null after a success. */
    String failure;

    CachedObject(long inode) {
        this.inode = inode;
    }

    /** A recall in progress: the file's length and which byte ranges have arrived. */
    static final class Recall {
        final long length;
        final ByteRanges ranges = new ByteRanges();

        Recall(long length) {
            this.length = length;
        }
    }
}
