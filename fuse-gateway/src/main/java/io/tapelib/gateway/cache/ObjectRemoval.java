package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Takes an inode's object, journal and recall out of the cache: deleted when the file is gone, set aside when its
 * bytes may be the only copy of a file the catalog no longer names. Shares the store's lock.
 */
final class ObjectRemoval {
    private final CacheLock lock;
    private final ObjectTable table;
    private final ObjectFiles files;
    private final RecallRanges recalls;
    private final DirtyMarks dirty;

    ObjectRemoval(CacheLock lock, ObjectTable table, ObjectFiles files, RecallRanges recalls, DirtyMarks dirty) {
        this.lock = lock;
        this.table = table;
        this.files = files;
        this.recalls = recalls;
        this.dirty = dirty;
    }

    /** See {@link CacheStore#setAside}. */
    Path setAside(long inode, String reason) {
        lock.lock();
        try {
            forget(inode, "the object was set aside");
            return dirty.setAside(inode, reason);
        } catch (IOException e) {
            throw new CacheException("cannot set aside cache object of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** See {@link CacheStore#delete}. */
    void delete(long inode) {
        lock.lock();
        try {
            forget(inode, "the file was deleted while being recalled");
            files.deleteAll(inode);
            dirty.delete(inode);
        } catch (IOException e) {
            throw new CacheException("cannot delete cache object of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Stops tracking an inode, failing its recall with {@code reason}; its files stay. Lock held. */
    private void forget(long inode, String reason) {
        CachedObject object = table.get(inode);
        if (object != null) {
            if (object.recall != null) {
                recalls.fail(object, reason);
            }
            ObjectFiles.closeChannel(object);
            table.remove(inode);
        }
    }
}
