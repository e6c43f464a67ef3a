package io.tapelib.gateway.cache;

/**
 * Pins objects while handles on them are open, and lets them go when the last one closes: an open object is never
 * evicted, and a ring recall's window lives only as long as its readers. Shares the store's lock.
 */
final class ObjectHandles {
    private final CacheLock lock;
    private final ObjectTable table;
    private final RecallRanges recalls;

    ObjectHandles(CacheLock lock, ObjectTable table, RecallRanges recalls) {
        this.lock = lock;
        this.table = table;
        this.recalls = recalls;
    }

    /** See {@link CacheStore#acquire}. */
    void acquire(long inode) {
        lock.run(() -> table.entry(inode).openCount++);
    }

    /** See {@link CacheStore#release}. */
    void release(long inode) {
        lock.run(() -> {
            CachedObject object = table.get(inode);
            if (object != null && object.openCount > 0) {
                object.openCount--;
                if (object.openCount == 0) {
                    recalls.released(object);
                    if (object.recall == null) {
                        ObjectFiles.closeChannel(object);
                        table.forgetIfIdle(object);
                    }
                    table.signal();
                }
            }
        });
    }
}
