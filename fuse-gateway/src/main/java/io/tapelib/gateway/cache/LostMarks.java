package io.tapelib.gateway.cache;

import java.util.List;

/**
 * Which dirty files' content is lost (the object file is gone and no tape holds the bytes): a lost object reads as
 * absent and stays marked until it is written anew or deleted. In memory only: start-up reconciliation derives the
 * marks again from the catalog and the cache. Shares the store's lock.
 */
final class LostMarks {
    private final CacheLock lock;
    private final ObjectTable table;

    LostMarks(CacheLock lock, ObjectTable table) {
        this.lock = lock;
        this.table = table;
    }

    /** See {@link CacheStore#markLost}. */
    boolean mark(long inode) {
        return lock.call(() -> {
            CachedObject object = table.entry(inode);
            if (object.lost) {
                return false;
            }
            ObjectFiles.closeChannel(object);
            object.present = false;
            object.lost = true;
            table.resize(object, 0);
            return true;
        });
    }

    /** See {@link CacheStore#isLost}. */
    boolean isLost(long inode) {
        return lock.call(() -> table.matches(inode, o -> o.lost));
    }

    /** Inode ids marked lost. */
    List<Long> inodes() {
        return lock.call(() -> table.all().stream().filter(o -> o.lost).map(o -> o.inode).toList());
    }
}
