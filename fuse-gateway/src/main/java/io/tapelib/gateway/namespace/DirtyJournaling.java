package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ExtendedAttribute;
import io.tapelib.gateway.catalog.Inode;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the cache's dirty journal in step with the catalog's dirty rows (shared/DESIGN.md section 7): the journal
 * is what a lost catalog is rebuilt from, so it names each dirty entry's current path, kind, size, mode, owner,
 * times, symlink target and extended attributes. Every dirty inode gets a record when it is made (files, symlinks,
 * and new directories once mkdir makes them dirty), rewritten when its attributes or path change. Records are written
 * at the periodic commit (a gateway crash before it loses only records that start-up reconciliation writes again from
 * the catalog's dirty rows) unless a caller asks for a durable one (fsync at the mount, DURABILITY=close).
 */
final class DirtyJournaling {
    private final Catalog catalog;
    private final CacheStore cache;
    private final Clock clock;
    private final StableStorage storage;
    /** Inodes whose journals are behind their rows since the last {@link #refreshChanged}. */
    private final Set<Long> changed = ConcurrentHashMap.newKeySet();

    DirtyJournaling(Catalog catalog, CacheStore cache, Clock clock) {
        this(catalog, cache, clock, StableStorage.of(cache, catalog));
    }

    DirtyJournaling(Catalog catalog, CacheStore cache, Clock clock, StableStorage storage) {
        this.catalog = catalog;
        this.cache = cache;
        this.clock = clock;
        this.storage = storage;
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

    /** Writes (or rewrites) the inode's journal record from its catalog row (not synced). */
    void write(Inode inode) {
        write(inode, false);
    }

    /** Writes (or rewrites) the inode's journal record from its catalog row; fsynced when {@code durable}. */
    void write(Inode inode, boolean durable) {
        storage.journal(record(inode), durable);
    }

    /**
     * The first record of an entry just made at {@code path}: a new entry has one name, no extended attributes and
     * no device number, so the record needs no catalog read (creating small files is the hot path).
     */
    void writeNew(Inode inode, String path) {
        Instant since = inode.dirtySince() != null ? inode.dirtySince() : clock.instant();
        storage.journal(new DirtyRecord(inode.id(), path, inode.size(), inode.mode(), inode.uid(), inode.gid(),
                inode.mtime(), since, inode.kind(), inode.atime(), inode.ctime(), inode.symlinkTarget(), 0, Map.of(),
                List.of()), false);
    }

    /**
     * The journal record of a dirty inode: everything a rebuilt catalog needs to bring it back at its path (kind,
     * size, mode, owner, times, a symlink's target, a device's number, the user's extended attributes, further
     * names of a hard-linked file).
     */
    DirtyRecord record(Inode inode) {
        String path = catalog.pathOf(inode.id()).orElse("?");
        Instant since = inode.dirtySince() != null ? inode.dirtySince() : clock.instant();
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        for (ExtendedAttribute attribute : catalog.xattrs(inode.id())) {
            xattrs.put(attribute.name(), attribute.value());
        }
        return new DirtyRecord(inode.id(), path, inode.size(), inode.mode(), inode.uid(), inode.gid(), inode.mtime(),
                since, inode.kind(), inode.atime(), inode.ctime(), inode.symlinkTarget(),
                catalog.deviceNumber(inode.id()), xattrs, catalog.furtherPaths(inode.id()));
    }

    /**
     * After a write was recorded into {@code row} (size and modify time): the journal follows. A record still held for
     * the next commit (a file made or changed since the last one, the hot path of small files) takes the new size and
     * times in memory; its path, extended attributes and further names are current already, since every change of
     * those writes a record anew. Otherwise the record is rewritten from the catalog at the next commit
     * ({@link #changed}).
     */
    void written(Inode row) {
        if (!row.isDirty() || !cache.updateHeld(row.id(), held -> new DirtyRecord(held.inode(), held.path(), row.size(),
                held.mode(), held.uid(), held.gid(), row.mtime(), row.dirtySince() != null ? row.dirtySince()
                : held.dirtySince(), held.kind(), held.atime(), later(held.ctime(), row.ctime()), held.symlinkTarget(),
                held.deviceNumber(), held.xattrs(), held.links()))) {
            changed(row.id());
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * After an entry was made or removed in {@code directory}: a new (dirty) directory's journal records its own
     * times, which the change moved, so that a lost catalog brings it back with them. Noted only, as
     * {@link #changed} does.
     */
    void directoryChanged(long directory) {
        changed(directory);
    }

    /**
     * Notes that the inode's row moved on (a directory's times): its journal is rewritten at the next commit
     * ({@link #refreshChanged}), once however many changes came meanwhile, not once per change.
     */
    void changed(long inode) {
        changed.add(inode);
    }

    /** Rewrites the journals of the dirty entries changed since the last call (the periodic commit, unmount). */
    void refreshChanged() {
        for (Long inode : List.copyOf(changed)) {
            changed.remove(inode);
            catalog.get(inode).ifPresent(this::refresh);
        }
    }

    /** Rewrites an existing journal after the row's mode, owner, times or extended attributes changed. */
    void refresh(Inode inode) {
        if (inode.isDirty() && cache.isDirty(inode.id())) {
            write(inode);
        }
    }

    /**
     * After a rename, the dirty journals of the moved entry and of the dirty entries below a moved directory must
     * name their new paths (they are what a lost catalog is rebuilt from); other journals are untouched.
     */
    void rewritePaths(long moved) {
        catalog.get(moved).ifPresent(this::refresh);
        for (Inode inode : catalog.dirtyEntriesUnder(moved)) {
            if (inode.id() != moved && cache.isDirty(inode.id())) {
                write(inode);
            }
        }
    }
}
