package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.catalog.Catalog;

/**
 * Where the mount's writes reach disk and stable storage (shared/DESIGN.md section 7): dirty journal records, and the
 * syncs that fsync at the mount, close with DURABILITY=close, the periodic commit and unmount ask for. One seam, so a
 * test can count what a FUSE call made durable without a power loss.
 */
interface StableStorage {

    /**
     * Writes (or rewrites) a dirty journal record: on stable storage when this returns if {@code durable}, else at the
     * next commit ({@link CacheStore#markDirty(DirtyRecord, boolean)}).
     */
    void journal(DirtyRecord record, boolean durable);

    /** fsync of one cached object. */
    void syncObject(long inode);

    /** Every committed catalog transaction to stable storage. */
    void syncCatalog();

    /** Everything written to the cache (objects, journals, their removals) to stable storage. */
    void syncCache();

    /** The cache and the catalog themselves. */
    static StableStorage of(CacheStore cache, Catalog catalog) {
        return new StableStorage() {
            @Override
            public void journal(DirtyRecord record, boolean durable) {
                cache.markDirty(record, durable);
            }

            @Override
            public void syncObject(long inode) {
                cache.sync(inode);
            }

            @Override
            public void syncCatalog() {
                catalog.sync();
            }

            @Override
            public void syncCache() {
                cache.commit();
            }
        };
    }
}
