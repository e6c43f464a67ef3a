package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.locks.Condition;

/**
 * Read-while-recall (shared/DESIGN.md section 1): receives a recall's bytes into the object's part file, tracks
 * which byte ranges have arrived, and lets readers wait for the range they need. Shares the store's lock; file
 * I/O of chunks runs outside it.
 *
 * <p>Room is taken when the first bytes arrive, not when the recall is asked for, so recalls queued behind one
 * another do not hold space they cannot use yet. A file the cache can make room for is kept whole (the part file
 * becomes the object). A larger one streams through a ring of what room there is ({@link RingWindow}):
 * the writer, which is the thread reading the controller's Recall stream, waits while the ring is full and the
 * reader behind, so gRPC flow control holds the tape back; the ring slides with the reader. Such a file is not
 * kept: its ring goes when its last handle closes. A read behind the ring (a seek back, or a second reader far
 * behind the first) gets {@link RangeWait.Outcome#EVICTED}; the caller may then recall the file again from that
 * offset ({@link #restart}): the running delivery is superseded (its further bytes are refused with
 * {@link RecallSupersededException}, which ends its call when it has no other file) and the new one drops the bytes
 * before the offset as they arrive.
 *
 * <p>Readers wait at most the recall's patience (RECALL_TIMEOUT) counted from the recall's start or from the last
 * bytes that arrived, however many read calls they make.
 */
public final class RecallRanges implements RecallTarget {
    /** Patience of a recall the tiering begins without a reader having started it (tests, tools). */
    private static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(30);

    private final CacheLock lock;
    private final Condition changed;
    private final ObjectTable table;
    private final ObjectFiles files;
    private final RingWindow ring;

    RecallRanges(CacheLock lock, ObjectTable table, ObjectFiles files) {
        this.lock = lock;
        this.changed = lock.changed;
        this.table = table;
        this.files = files;
        this.ring = new RingWindow(lock, lock.changed, table);
    }

    /**
     * Starts a recall of an inode unless its object is complete or a recall is already running, and makes readers
     * wait on it. Room is taken when the first bytes arrive (see {@link RecallTarget#write}).
     *
     * @param length   the file's length, bytes
     * @param from     the offset the first reader needs: a file larger than the cache keeps nothing before it
     * @param patience RECALL_TIMEOUT: how long readers wait for bytes, from the recall's start or its last bytes
     * @return true when this call started the recall (the caller then asks the controller for it)
     */
    public boolean start(long inode, long length, long from, Duration patience) {
        lock.lock();
        try {
            CachedObject object = table.entry(inode);
            if (object.present || object.recall != null) {
                return false;
            }
            beginRecall(object, length, from, patience);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #start(long, long, long, Duration)} from offset 0 with a patience of 30 minutes. */
    public boolean start(long inode, long length) {
        return start(inode, length, 0, DEFAULT_PATIENCE);
    }

    /**
     * Replaces a ring recall by a new one from {@code from}: for a reader that needs bytes a file larger than the
     * cache has already streamed through ({@link RangeWait.Outcome#EVICTED}).
     *
     * @return true when a new recall was started (the caller asks the controller for it); false when there is no
     *         ring recall, or its replacement has not begun yet (already asked for)
     */
    public boolean restart(long inode, long from, Duration patience) {
        return lock.call(() -> {
            CachedObject object = table.get(inode);
            if (object == null || object.recall == null || !object.recall.ring() || object.recall.awaitingBegin) {
                return false;
            }
            long length = object.recall.length;
            dropRing(object);
            beginRecall(object, length, from, patience);
            object.recall.awaitingBegin = true;
            return true;
        });
    }

    @Override
    public long begin(long inode, long length) {
        lock.lock();
        try {
            CachedObject object = table.entry(inode);
            CachedObject.Recall recall = object.recall;
            if (recall != null && recall.length == length && !recall.ended) {
                recall.awaitingBegin = false;
                // a recall queued ahead may have waited longer than its patience for a drive: readers wait from now
                recall.deadlineNanos = System.nanoTime() + recall.patienceNanos;
                // undecided window: nothing arrived yet (or a restart, whose delivery drops the bytes below its offset)
                return recall.window == 0 ? 0 : recall.ranges.contiguousEnd(recall.ring() ? recall.low : 0);
            }
            if (object.present) {
                throw new IllegalStateException("inode " + inode + " is already cached; no recall needed");
            }
            if (object.recall != null) {
                dropRing(object);
            }
            beginRecall(object, length, 0, DEFAULT_PATIENCE);
            return 0;
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
            CachedObject object = current(inode);
            recall = object.recall;
            if (offset < 0 || end > recall.length) {
                throw new IllegalArgumentException("chunk [" + offset + ", " + end + ") outside the file's "
                        + recall.length + " bytes");
            }
            if (recall.window == 0) {
                ring.decide(object);
            }
            if (recall.ring()) {
                if (end <= recall.low) {
                    return;   // behind every reader: passed on without being stored
                }
                if (offset < recall.low) {
                    bytes.position(bytes.position() + (int) (recall.low - offset));
                    offset = recall.low;
                }
                ring.awaitRoom(object, recall, end, gone -> {
                    fail(gone, "no reader is left for a file larger than the cache");
                    table.forgetIfIdle(gone);
                });
            }
            channel = object.channel;
        } finally {
            lock.unlock();
        }
        try {
            if (recall.ring()) {
                RingWindow.write(channel, recall.window, offset, bytes);
            } else {
                for (long position = offset; bytes.hasRemaining(); ) {
                    position += channel.write(bytes, position);
                }
            }
        } catch (IOException e) {
            requireCurrent(inode, recall);   // a restart closed the channel under the write: not a failure
            throw new CacheException("cannot write recalled bytes of inode " + inode + ": " + e.getMessage(), e);
        }
        lock.lock();
        try {
            CachedObject object = table.get(inode);
            if (object != null && object.recall == recall) {
                recall.ranges.add(offset, end);
                recall.high = Math.max(recall.high, end);
                recall.deadlineNanos = System.nanoTime() + recall.patienceNanos;
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
            CachedObject object = current(inode);
            CachedObject.Recall recall = object.recall;
            long from = recall.ring() ? Math.min(recall.low, recall.length) : 0;
            if (!recall.ranges.contains(from, recall.length)) {
                fail(object, "recall ended with bytes missing; received " + recall.ranges + " of " + recall.length);
                table.forgetIfIdle(object);
                return;
            }
            if (recall.ring()) {
                recall.ended = true;
                if (object.openCount == 0) {
                    dropRing(object);
                }
                changed.signalAll();
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
        lock.run(() -> {
            CachedObject object = table.get(inode);
            if (object != null && object.recall != null && !object.recall.ended) {
                fail(object, reason);
                table.forgetIfIdle(object);
            }
        });
    }

    /**
     * Waits until bytes [offset, offset + length) of the inode are in the cache (clipped to the file's length), the
     * recall fails, or {@code timeout} or the recall's own patience passes; EVICTED when a file larger than the
     * cache has streamed past them. A ring slides to a waiting reader.
     */
    public RangeWait awaitRange(long inode, long offset, long length, Duration timeout) {
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
                CachedObject.Recall recall = object.recall;
                if (recall == null) {
                    return object.failure != null ? new RangeWait(RangeWait.Outcome.FAILED, object.failure)
                            : RangeWait.of(RangeWait.Outcome.ABSENT);
                }
                long end = length < 0 ? recall.length : Math.min(offset + length, recall.length);
                long start = length < 0 ? 0 : Math.min(offset, end);
                if (length < 0 && (recall.ring() || recall.length > table.maxBytes())) {
                    return new RangeWait(RangeWait.Outcome.FAILED, "the file (" + recall.length + " bytes) is larger"
                            + " than the cache can keep; it can only be read as it streams through");
                }
                boolean arrived = recall.ranges.contains(start, end);
                if (recall.ring() && (recall.passed(start) || (start < recall.low && !arrived))) {
                    return new RangeWait(RangeWait.Outcome.EVICTED, "bytes from offset " + start + " of a file larger"
                            + " than the cache have already streamed through it");
                }
                if (length >= 0 && arrived) {
                    return RangeWait.of(RangeWait.Outcome.PRESENT);
                }
                if (recall.window == 0) {
                    recall.low = Math.min(recall.low, start);   // not decided yet: keep what every reader needs
                }
                ring.slideTo(recall, start);
                long remaining = Math.min(deadline, recall.deadlineNanos) - System.nanoTime();
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


    /** See {@link RingWindow#read}. */
    int readRing(CachedObject object, CachedObject.Recall recall, FileChannel channel, ByteBuffer destination,
                 long offset, int size) throws IOException {
        return ring.read(object, recall, channel, destination, offset, size);
    }

    /**
     * Waits until the inode's object is complete (a recall of the whole file has ended), the recall fails, or
     * {@code timeout} passes: what a write to a file that is only on tape needs first.
     */
    public RangeWait awaitComplete(long inode, Duration timeout) {
        return awaitRange(inode, 0, -1, timeout);
    }

    /** Frees an ended ring when its last handle closes. Lock held. */
    void released(CachedObject object) {
        if (object.openCount == 0 && object.recall != null && object.recall.ended) {
            dropRing(object);
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

    private void dropRing(CachedObject object) {
        object.recall = null;
        object.failure = null;
        ObjectFiles.closeChannel(object);
        files.deletePart(object.inode);
        table.resize(object, 0);
        table.forgetIfIdle(object);
        changed.signalAll();
    }

    private void requireCurrent(long inode, CachedObject.Recall recall) {
        lock.lock();
        try {
            CachedObject object = table.get(inode);
            if (object == null || object.recall != recall) {
                throw new RecallSupersededException("the recall of inode " + inode + " was restarted or ended while"
                        + " its bytes were being stored");
            }
        } finally {
            lock.unlock();
        }
    }

    private CachedObject current(long inode) {
        CachedObject object = table.get(inode);
        if (object == null || object.recall == null || object.recall.ended) {
            throw new IllegalStateException("no recall of inode " + inode + " in progress");
        }
        if (object.recall.awaitingBegin) {
            throw new RecallSupersededException("the recall of inode " + inode + " was restarted from offset "
                    + object.recall.low + "; this delivery's bytes are not wanted");
        }
        return object;
    }

    private void beginRecall(CachedObject object, long length, long from, Duration patience) {
        files.openPart(object);
        table.resize(object, 0);
        object.failure = null;
        object.recall = new CachedObject.Recall(length, Math.max(0, Math.min(from, length)), patience.toNanos());
        table.touch(object);
        changed.signalAll();
    }




}
