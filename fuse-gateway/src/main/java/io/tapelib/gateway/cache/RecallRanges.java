package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Read-while-recall (shared/DESIGN.md section 1): receives a recall's bytes into the object's part file, tracks
 * which byte ranges have arrived, and lets readers wait for the range they need. Shares the store's lock; file
 * I/O of chunks runs outside it.
 */
final class RecallRanges implements RecallTarget {
    private final ReentrantLock lock;
    private final Condition changed;
    private final ObjectTable table;
    private final ObjectFiles files;

    RecallRanges(ReentrantLock lock, Condition changed, ObjectTable table, ObjectFiles files) {
        this.lock = lock;
        this.changed = changed;
        this.table = table;
        this.files = files;
    }

    /** See {@link CacheStore#startRecall}. */
    boolean start(long inode, long length) {
        lock.lock();
        try {
            CachedObject object = table.entry(inode);
            if (object.present || object.recall != null) {
                return false;
            }
            beginRecall(object, length);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void begin(long inode, long length) {
        lock.lock();
        try {
            CachedObject object = table.entry(inode);
            if (object.recall != null && object.recall.length == length) {
                return;
            }
            if (object.present) {
                throw new IllegalStateException("inode " + inode + " is already cached; no recall needed");
            }
            beginRecall(object, length);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(long inode, long offset, ByteBuffer bytes) {
        long end = offset + bytes.remaining();
        CachedObject.Recall recall;
        FileChannel channel;
        lock.lock();
        try {
            CachedObject object = table.get(inode);
            if (object == null || object.recall == null) {
                throw new IllegalStateException("no recall of inode " + inode + " in progress");
            }
            if (offset < 0 || end > object.recall.length) {
                throw new IllegalArgumentException("chunk [" + offset + ", " + end + ") outside the file's "
                        + object.recall.length + " bytes");
            }
            recall = object.recall;
            channel = object.channel;
        } finally {
            lock.unlock();
        }
        try {
            for (long position = offset; bytes.hasRemaining(); ) {
                position += channel.write(bytes, position);
            }
        } catch (IOException e) {
            throw new CacheException("cannot write recalled bytes of inode " + inode + ": " + e.getMessage(), e);
        }
        lock.lock();
        try {
            CachedObject object = table.get(inode);
            if (object != null && object.recall == recall) {
                recall.ranges.add(offset, end);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void complete(long inode) {
        lock.lock();
        try {
            CachedObject object = table.get(inode);
            if (object == null || object.recall == null) {
                throw new IllegalStateException("no recall of inode " + inode + " in progress");
            }
            if (!object.recall.ranges.contains(0, object.recall.length)) {
                fail(object, "recall ended with bytes missing; received " + object.recall.ranges
                        + " of " + object.recall.length);
                table.forgetIfIdle(object);
                return;
            }
            try {
                files.promotePart(object);
            } catch (IOException e) {
                fail(object, "cannot store recalled object: " + e.getMessage());
                table.forgetIfIdle(object);
                throw new CacheException("cannot complete recall of inode " + inode + ": " + e.getMessage(), e);
            }
            object.recall = null;
            object.present = true;
            files.closeChannelIfUnused(object);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void fail(long inode, String reason) {
        lock.lock();
        try {
            CachedObject object = table.get(inode);
            if (object != null && object.recall != null) {
                fail(object, reason);
                table.forgetIfIdle(object);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for [offset, offset + length) or, with a negative length, for the complete object; see
     * {@link CacheStore#awaitRange}.
     */
    RangeWait await(long inode, long offset, long length, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                CachedObject object = table.get(inode);
                if (object == null) {
                    return RangeWait.of(RangeWait.Outcome.ABSENT);
                }
                if (object.present) {
                    return RangeWait.of(RangeWait.Outcome.PRESENT);
                }
                if (object.recall == null) {
                    return object.failure != null ? new RangeWait(RangeWait.Outcome.FAILED, object.failure)
                            : RangeWait.of(RangeWait.Outcome.ABSENT);
                }
                long end = Math.min(offset + length, object.recall.length);
                if (length >= 0 && object.recall.ranges.contains(Math.min(offset, end), end)) {
                    return RangeWait.of(RangeWait.Outcome.PRESENT);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return RangeWait.of(RangeWait.Outcome.TIMED_OUT);
                }
                changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RangeWait.of(RangeWait.Outcome.TIMED_OUT);
        } finally {
            lock.unlock();
        }
    }

    /** Ends a recall as failed: its part file and reservation go, waiting readers learn {@code reason}. Lock held. */
    void fail(CachedObject object, String reason) {
        object.recall = null;
        object.failure = reason;
        ObjectFiles.closeChannel(object);
        files.deletePart(object.inode);
        table.resize(object, 0);
        changed.signalAll();
    }

    private void beginRecall(CachedObject object, long length) {
        table.makeRoom(length, object);
        files.openPart(object);
        table.resize(object, length);
        object.failure = null;
        object.recall = new CachedObject.Recall(length);
        table.touch(object);
        changed.signalAll();
    }
}
