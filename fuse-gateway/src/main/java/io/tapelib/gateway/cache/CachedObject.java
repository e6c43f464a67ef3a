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
    /** System.nanoTime() when a write last waited CACHE_WAIT_TIMEOUT for room in vain; 0 after a write succeeded. */
    long roomRefusedNanos;
    /** Bytes written through {@link ObjectContent#write} since their disk writes were last started ({@link WritebackStart}). */
    long writtenSinceWriteback;
    /** Why the last recall failed, in the controller's or cache's words; null after a success. */
    String failure;

    CachedObject(long inode) {
        this.inode = inode;
    }

    /**
     * A recall in progress: the file's length, which byte ranges have arrived, and where they are kept. The window
     * is decided when the first bytes arrive: the whole file when the cache can make room for it (the part file
     * becomes the object), otherwise a ring of {@code window} bytes that slides with the reader (byte {@code p} is
     * kept at {@code p % window}; the file streams through the cache and is not kept).
     */
    static final class Recall {
        final long length;
        final ByteRanges ranges = new ByteRanges();
        /** How long readers may wait without bytes arriving, nanoseconds (RECALL_TIMEOUT). */
        final long patienceNanos;
        /** System.nanoTime() after which waiting readers give up: the recall's start, or its last bytes, plus patience. */
        long deadlineNanos;
        /** Bytes the recall keeps at once: 0 until decided, {@code length} for the whole file, less for a ring. */
        long window;
        /** Ring only: the lowest offset readers still need; bytes below it may be overwritten. */
        long low;
        /** The end of the highest bytes stored. */
        long high;
        /** Ring only: every byte has passed through; the ring stays for the open handles' last reads. */
        boolean ended;
        /**
         * True from a restart until the tiering begins delivering it ({@link RecallTarget#begin}): bytes arriving
         * meanwhile belong to the superseded delivery.
         */
        boolean awaitingBegin;

        Recall(long length, long from, long patienceNanos) {
            this.length = length;
            this.low = from;
            this.patienceNanos = patienceNanos;
            this.deadlineNanos = System.nanoTime() + patienceNanos;
        }

        boolean ring() {
            return window > 0 && window < length;
        }

        /** True when byte {@code offset} was stored and may since have been overwritten by the ring. */
        boolean passed(long offset) {
            return ring() && offset < Math.max(0, high - window);
        }
    }
}
