package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Reads and writes of complete objects (and reads of a recall's part file): bookkeeping under the store's lock,
 * positional channel I/O outside it. Growing an object makes room first ({@link ObjectTable#makeRoom}).
 */
final class ObjectContent {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());
    private final CacheLock lock;
    private final ObjectTable table;
    private final ObjectFiles files;
    private final RecallRanges recalls;
    private final Duration roomWait;
    private final WritebackStart writeback;

    /**
     * @param roomWait  how long a write that needs room waits for it (CACHE_WAIT_TIMEOUT)
     * @param writeback starts the disk writes of a large write's bytes as they arrive
     */
    ObjectContent(CacheLock lock, ObjectTable table, ObjectFiles files, RecallRanges recalls, Duration roomWait,
                  WritebackStart writeback) {
        this.lock = lock;
        this.table = table;
        this.files = files;
        this.recalls = recalls;
        this.roomWait = roomWait;
        this.writeback = writeback;
    }

    /** See {@link CacheStore#create}. */
    void create(long inode) {
        lock.lock();
        try {
            CachedObject object = table.entry(inode);
            if (object.recall != null) {
                recalls.fail(object, "the file was truncated through the mount while being recalled");
            }
            files.empty(object);
            table.resize(object, 0);
            object.present = true;
            object.lost = false;
            table.touch(object);
        } catch (IOException e) {
            throw new CacheException("cannot create cache object " + files.objectFile(inode) + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** See {@link CacheStore#read}. */
    int read(long inode, ByteBuffer destination, long offset, int size) {
        CachedObject[] ring = new CachedObject[1];
        CachedObject.Recall[] recall = new CachedObject.Recall[1];
        FileChannel channel = lock.call(() -> {
            CachedObject object = table.get(inode);
            if (object == null || (!object.present && object.recall == null)) {
                throw new CacheException("inode " + inode + " is not in the cache");
            }
            table.touch(object);
            if (object.recall != null && object.recall.ring()) {
                ring[0] = object;
                recall[0] = object.recall;
            }
            return files.channel(object);
        });
        if (ring[0] != null) {
            try {
                return recalls.readRing(ring[0], recall[0], channel, destination, offset, size);
            } catch (IOException e) {
                throw new CacheException("cannot read cache object of inode " + inode + ": " + e.getMessage(), e);
            }
        }
        ByteBuffer window = destination.slice();
        window.limit(Math.min(size, window.remaining()));
        int total = 0;
        try {
            while (window.hasRemaining()) {
                int read = channel.read(window, offset + total);
                if (read <= 0) {
                    break;
                }
                total += read;
            }
        } catch (IOException e) {
            throw new CacheException("cannot read cache object of inode " + inode + ": " + e.getMessage(), e);
        }
        destination.position(destination.position() + total);
        return total;
    }

    /**
     * See {@link CacheStore#write}. Every {@link WritebackStart#CHUNK_BYTES} written to an object, the disk writes of
     * its dirty pages are started after the write (outside the lock).
     */
    int write(long inode, ByteBuffer source, long offset) {
        long end = offset + source.remaining();
        boolean[] startWriteback = new boolean[1];
        FileChannel channel = lock.call(() -> {
            CachedObject object = presentObject(inode);
            if (end > object.bytes) {
                awaitRoom(end - object.bytes, object);
                table.resize(object, end);
            }
            table.touch(object);
            object.writtenSinceWriteback += end - offset;
            if (object.writtenSinceWriteback >= WritebackStart.CHUNK_BYTES) {
                object.writtenSinceWriteback = 0;
                startWriteback[0] = true;
            }
            return files.channel(object);
        });
        int total = 0;
        try {
            while (source.hasRemaining()) {
                total += channel.write(source, offset + total);
            }
        } catch (IOException e) {
            throw new CacheException("cannot write cache object of inode " + inode + ": " + e.getMessage(), e);
        }
        if (startWriteback[0]) {
            writeback.start(files.objectFile(inode));
        }
        return total;
    }

    /** See {@link CacheStore#truncate}. */
    void truncate(long inode, long size) {
        lock.lock();
        try {
            CachedObject object = presentObject(inode);
            if (size > object.bytes) {
                awaitRoom(size - object.bytes, object);
            }
            FileChannel channel = files.channel(object);
            if (size < channel.size()) {
                channel.truncate(size);
            } else if (size > channel.size()) {
                channel.write(ByteBuffer.allocate(1), size - 1);
            }
            table.resize(object, size);
            files.closeChannelIfUnused(object);
        } catch (IOException e) {
            throw new CacheException("cannot truncate cache object of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** See {@link CacheStore#sync}. */
    void sync(long inode) {
        FileChannel channel = lock.call(() -> {
            CachedObject object = table.get(inode);
            return object == null || !object.present ? null : files.channel(object);
        });
        if (channel == null) {
            return;
        }
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new CacheException("cannot fsync cache object of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            lock.run(() -> {
                CachedObject object = table.get(inode);
                if (object != null) {
                    files.closeChannelIfUnused(object);
                }
            });
        }
    }

    /**
     * Waits up to CACHE_WAIT_TIMEOUT for room, logging one line when it does not come. A write that follows a vain
     * wait on the same file within CACHE_WAIT_TIMEOUT (the rest of a write the kernel split) fails at once unless
     * the room is there: waiting again would not help. Lock held.
     */
    private void awaitRoom(long needed, CachedObject object) {
        long now = System.nanoTime();
        boolean refusedLately = object.roomRefusedNanos != 0 && now - object.roomRefusedNanos < roomWait.toNanos();
        try {
            table.awaitRoom(needed, object, refusedLately ? now : now + roomWait.toNanos());
            object.roomRefusedNanos = 0;
        } catch (CacheFullException e) {
            String message = "No room in the cache for " + needed + " more bytes of inode " + object.inode
                    + " after waiting " + roomWait.toMillis() + " ms (CACHE_WAIT_TIMEOUT): " + table.holders()
                    + "; answering ENOSPC";
            if (!refusedLately) {
                object.roomRefusedNanos = System.nanoTime();
                LOG.warning(message);
            }
            throw new CacheFullException(message);
        }
    }

    private CachedObject presentObject(long inode) {
        CachedObject object = table.get(inode);
        if (object == null || !object.present) {
            throw new CacheException("inode " + inode + " is not in the cache");
        }
        return object;
    }
}
