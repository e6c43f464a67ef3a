package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;

import java.time.Clock;
import java.time.Instant;

/**
 * Keeps the cache's dirty journal in step with the catalog's dirty rows (shared/DESIGN.md section 7): the journal
 * is what a lost catalog is rebuilt from, so it names each dirty file's current path, size, mode and times.
 */
final class DirtyJournaling {
    private final Catalog catalog;
    private final CacheStore cache;
    private final Clock clock;

    DirtyJournaling(Catalog catalog, CacheStore cache, Clock clock) {
        this.catalog = catalog;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * Marks the file dirty in the catalog, then in the journal, before its object changes (DESIGN section 7):
     * a crash after this leaves a dirty file, never changed bytes under a clean row.
     */
    void dirtyBeforeChange(long inode) {
        Inode dirty = catalog.markDirty(inode, clock.instant());
        journalIfMissing(dirty);
    }

    /**
     * Writes the journal when the row is dirty and the cache has none: also after the change, because a migration
     * recorded meanwhile may have removed it (the cache's markClean re-checks the row under its lock, so one of
     * the two always sees the other).
     */
    void journalIfMissing(Inode inode) {
        if (inode.isDirty() && !cache.isDirty(inode.id())) {
            write(inode);
        }
    }

    /** Writes (or rewrites) the inode's journal record from its catalog row. */
    void write(Inode inode) {
        String path = catalog.pathOf(inode.id()).orElse("?");
        Instant since = inode.dirtySince() != null ? inode.dirtySince() : clock.instant();
        cache.markDirty(new DirtyRecord(inode.id(), path, inode.size(), inode.mode(), inode.uid(), inode.gid(),
                inode.mtime(), since));
    }

    /** Rewrites an existing journal after the row's mode, owner or times changed. */
    void refresh(Inode inode) {
        if (inode.isDirty() && cache.isDirty(inode.id())) {
            write(inode);
        }
    }

    /**
     * After a rename, the dirty journals of the moved file or of the files below the moved directory must name
     * their new paths (they are what a lost catalog is rebuilt from); other journals are untouched.
     */
    void rewritePaths(long moved) {
        for (Inode inode : catalog.dirtyFilesUnder(moved)) {
            if (cache.isDirty(inode.id())) {
                write(inode);
            }
        }
    }
}
