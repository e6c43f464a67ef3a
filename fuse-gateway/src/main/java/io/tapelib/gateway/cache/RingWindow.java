package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The room a recall keeps, decided when its first bytes arrive: the whole file when eviction can make room for it,
 * else a ring of the free room (at least {@link #MIN_WINDOW}) in which byte {@code p} lies at {@code p % window}.
 * The ring slides with its reader; its writer waits while it is full, which holds the controller's Recall stream
 * back through gRPC flow control. Shares the store's lock; used by {@link RecallRanges}.
 */
final class RingWindow {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());
    /** Smallest ring a recall streams through: a few of the controller's 1 MiB chunks. */
    static final long MIN_WINDOW = 8L * 1024 * 1024;

    private final ReentrantLock lock;
    private final Condition changed;
    private final ObjectTable table;

    RingWindow(ReentrantLock lock, Condition changed, ObjectTable table) {
        this.lock = lock;
        this.changed = changed;
        this.table = table;
    }

    /**
     * Reads [offset, offset + size) of a recall's ring (the caller waited for it), then checks the ring did not
     * overwrite it meanwhile.
     *
     * @return bytes read
     * @throws CacheException when the bytes streamed on meanwhile, or on a local I/O error
     */
    int read(CachedObject object, CachedObject.Recall recall, FileChannel channel, ByteBuffer destination,
                 long offset, int size) throws IOException {
        int total = 0;
        ByteBuffer window = destination.slice();
        window.limit((int) Math.min(Math.min(size, window.remaining()), Math.max(0, recall.length - offset)));
        while (window.hasRemaining()) {
            long slot = (offset + total) % recall.window;
            int piece = (int) Math.min(window.remaining(), recall.window - slot);
            ByteBuffer part = window.slice();
            part.limit(piece);
            int read = channel.read(part, slot);
            if (read <= 0) {
                break;
            }
            window.position(window.position() + read);
            total += read;
        }
        lock.lock();
        try {
            if (object.recall != recall || recall.passed(offset)) {
                throw new CacheException("bytes from offset " + offset + " of inode " + object.inode + " streamed on"
                        + " while being read");
            }
            slideTo(recall, offset + total);
        } finally {
            lock.unlock();
        }
        destination.position(destination.position() + total);
        return total;
    }

    /**
     * Takes room for the recall when its first bytes arrive: the whole file if eviction can make it, else a ring of
     * the free room (at least {@link #MIN_WINDOW}), waiting for that much within the recall's patience.
     *
     * @throws CacheFullException when not even a minimal ring could be had in time
     */
    void decide(CachedObject object) {
        CachedObject.Recall recall = object.recall;
        if (table.obtainable(object) >= recall.length) {
            table.makeRoom(recall.length, object);
            recall.window = Math.max(1, recall.length);
        } else {
            long minimum = Math.min(MIN_WINDOW, table.maxBytes());
            table.awaitRoom(minimum, object, recall.deadlineNanos);
            if (object.recall != recall) {
                throw new RecallSupersededException("the recall of inode " + object.inode + " ended or was restarted"
                        + " while waiting for room");
            }
            long free = table.maxBytes() - table.usedBytes();
            recall.window = Math.min(recall.length, Math.max(minimum, free));
            if (recall.ring()) {
                LOG.info("inode " + object.inode + " (" + recall.length + " bytes) is larger than the room the cache"
                        + " can make; it streams through a window of " + recall.window + " bytes and is not kept");
            }
        }
        table.resize(object, recall.window);
    }

    /**
     * Waits until [.., end) fits the ring: the reader has moved on. Lock held. When no handle reads the file any
     * more, {@code onNoReader} ends the recall first.
     *
     * @throws CacheException when no handle reads the file any more, or the reader did not move on within the
     *                        recall's patience; IllegalStateException when the recall ended meanwhile
     */
    void awaitRoom(CachedObject object, CachedObject.Recall recall, long end, Consumer<CachedObject> onNoReader) {
        long deadline = System.nanoTime() + recall.patienceNanos;
        while (end > recall.low + recall.window) {
            if (object.openCount == 0) {
                onNoReader.accept(object);
                throw new CacheException("no reader is left for inode " + object.inode + ", which streams through"
                        + " the cache; its recall ends");
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new CacheException("the reader of inode " + object.inode + " did not move on for "
                        + Duration.ofNanos(recall.patienceNanos).toSeconds() + " s; its recall ends");
            }
            try {
                changed.awaitNanos(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CacheException("interrupted while inode " + object.inode + " waited for its reader");
            }
            if (object.recall != recall) {
                throw new RecallSupersededException("the recall of inode " + object.inode + " ended or was restarted"
                        + " while waiting for its reader");
            }
        }
    }

    /** A reader at {@code offset} no longer needs what lies more than half a ring behind it. Lock held. */
    void slideTo(CachedObject.Recall recall, long offset) {
        if (recall.ring()) {
            long wanted = Math.max(recall.low, offset - recall.window / 2);
            if (wanted != recall.low) {
                recall.low = wanted;
                changed.signalAll();
            }
        }
    }

    static void write(FileChannel channel, long window, long offset, ByteBuffer bytes) throws IOException {
        long position = offset;
        while (bytes.hasRemaining()) {
            long slot = position % window;
            ByteBuffer part = bytes.slice();
            part.limit((int) Math.min(part.remaining(), window - slot));
            int written = channel.write(part, slot);
            bytes.position(bytes.position() + written);
            position += written;
        }
    }
}
