package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;

/**
 * The gateway's disk cache (shared/DESIGN.md sections 2 and 7): one object file per inode under
 * {@code CACHE_DIR/objects/<inode id>}, size accounting against {@code CACHE_MAX_BYTES} with eviction of the least
 * recently used clean objects, read-while-recall, and a dirty journal ({@code objects/dirty.journal}, see
 * {@link DirtyLog}) so that dirty files survive a lost catalog. A facade over collaborators with one job each, sharing one {@link CacheLock}:
 * {@link ObjectFiles} (the files and their channels), {@link ObjectTable} (size accounting and eviction),
 * {@link ObjectContent} (reads and writes), {@link RecallRanges} (recalls and the readers waiting on them; public,
 * through {@link #recalls}), {@link DirtyMarks} (the dirty journal), {@link LostMarks}, {@link ObjectHandles} (pins
 * while handles are open), {@link ObjectRemoval} (deleting and setting aside) and {@link CatalogClaim}.
 *
 * <p>Thread-safe: bookkeeping under one lock, file I/O outside it (positional FileChannel I/O is thread-safe).
 * Callers pin an object with {@link #acquire} while a handle is open and {@link #release} it when closed.
 */
public final class CacheStore implements AutoCloseable {
    private final ObjectFiles files;
    private final DirtyMarks dirty;
    private final LostMarks lost;
    private final CacheLock lock = new CacheLock();
    private final ObjectTable table;
    private final RecallRanges recalls;
    private final ObjectContent content;
    private final ObjectHandles handles;
    private final ObjectRemoval removal;
    private final JournalAdoption adoption;
    private final FilesystemSync filesystem = new FilesystemSync();

    /**
     * Opens a cache that belongs to no catalog (tools and tests): no identity check, and {@link #markClean} trusts
     * its caller. The gateway uses {@link #CacheStore(Path, long, String, LongPredicate)}.
     *
     * @param maxBytes CACHE_MAX_BYTES: the most bytes the objects may take
     * @throws CacheException when the directory cannot be created or read
     */
    public CacheStore(Path cacheDirectory, long maxBytes) {
        this(cacheDirectory, maxBytes, null, inode -> false);
    }

    /** {@link #CacheStore(Path, long, String, LongPredicate, Duration)} with writes failing at once when full. */
    public CacheStore(Path cacheDirectory, long maxBytes, String catalogIdentity, LongPredicate contentIsDirty) {
        this(cacheDirectory, maxBytes, catalogIdentity, contentIsDirty, Duration.ZERO);
    }

    /**
     * Opens the cache under {@code cacheDirectory} for one catalog, creating it if needed: a cache recorded for
     * another catalog is set aside ({@link CatalogClaim}); complete objects are kept (oldest modification first in
     * the eviction order), half-recalled {@code .part} files deleted, dirty journals pin their objects. Comparing
     * the objects with the catalog's rows is the caller's start-up step (the namespace's reconciliation).
     *
     * @param maxBytes        CACHE_MAX_BYTES: the most bytes the objects may take
     * @param catalogIdentity the owning catalog's identity (Catalog.identity()), or null to skip the check
     * @param contentIsDirty  asks the catalog whether an inode's row is dirty; {@link #markClean} keeps the journal
     *                        of a file that became dirty again after its migration was recorded
     * @param roomWait        CACHE_WAIT_TIMEOUT: how long a write or truncate that needs room waits for eviction or
     *                        migration to make it before {@link CacheFullException}
     * @throws CacheException when the directory cannot be created, read or set aside
     */
    public CacheStore(Path cacheDirectory, long maxBytes, String catalogIdentity, LongPredicate contentIsDirty,
                      Duration roomWait) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size must be positive, got " + maxBytes + " bytes");
        }
        this.files = new ObjectFiles(cacheDirectory.resolve("objects"));
        SetAside setAside = new SetAside(cacheDirectory, Clock.systemUTC());
        this.table = new ObjectTable(maxBytes, files, lock.changed);
        this.dirty = new DirtyMarks(lock, table, files, setAside, contentIsDirty);
        this.lost = new LostMarks(lock, table);
        this.recalls = new RecallRanges(lock, table, files);
        this.content = new ObjectContent(lock, table, files, recalls, roomWait, new WritebackStart());
        this.handles = new ObjectHandles(lock, table, recalls);
        this.removal = new ObjectRemoval(lock, table, files, recalls, dirty);
        this.adoption = new JournalAdoption(lock, table, files, dirty, setAside);
        try {
            if (catalogIdentity != null) {
                CatalogClaim.claim(cacheDirectory, files.directory(), catalogIdentity, setAside);
            }
            ObjectFiles.Scan scan = files.scan();
            table.load(scan.complete());
            dirty.load(scan.journals());
        } catch (IOException e) {
            throw new CacheException("cannot open cache " + cacheDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file holding an inode's cached content (present or not): what a migration reads. Named by inode
     * id, never by path (shared/DESIGN.md section 2).
     */
    public Path objectPath(long inode) {
        return files.objectFile(inode);
    }

    /** Bytes the cached objects take (complete, dirty and reserved for recalls in progress). */
    public long usedBytes() {
        return lock.call(table::usedBytes);
    }

    /** CACHE_MAX_BYTES, bytes. */
    public long maxBytes() {
        return table.maxBytes();
    }

    /** True when a complete copy of the inode's content is in the cache. */
    public boolean isPresent(long inode) {
        return lock.call(() -> table.matches(inode, o -> o.present));
    }

    /** The size of the inode's complete object, bytes; empty when none is cached. */
    public java.util.OptionalLong presentBytes(long inode) {
        return lock.call(() -> {
            CachedObject object = table.get(inode);
            return object != null && object.present ? java.util.OptionalLong.of(object.bytes)
                    : java.util.OptionalLong.empty();
        });
    }

    /** True while a recall of the inode is in progress. */
    public boolean isRecalling(long inode) {
        return lock.call(() -> table.matches(inode, o -> o.recall != null && !o.recall.ended));
    }

    /** True when the object has a dirty journal (its only current copy is here). */
    public boolean isDirty(long inode) {
        return lock.call(() -> table.matches(inode, o -> o.dirty));
    }

    /**
     * Marks a dirty file's content lost: the object file is gone (cache directory lost, file deleted behind the
     * gateway's back). A lost object reads as absent and stays marked until {@link #create} (written anew) or
     * {@link #delete}. Kept in memory only: start-up reconciliation derives it again from the catalog (dirty) and
     * the cache (no object).
     *
     * @return true when newly marked (the caller names it in the log once)
     */
    public boolean markLost(long inode) {
        return lost.mark(inode);
    }

    /** True when the inode's content is marked lost ({@link #markLost}). */
    public boolean isLost(long inode) {
        return lost.isLost(inode);
    }

    /** The inodes whose content is marked lost. */
    public List<Long> lostInodes() {
        return lost.inodes();
    }

    /** Pins the object while a handle on it is open. */
    public void acquire(long inode) {
        handles.acquire(inode);
    }

    /** Unpins the object when a handle closes; closes its file when no handle and no recall use it. */
    public void release(long inode) {
        handles.release(inode);
    }

    /**
     * Creates an empty object (or empties an existing one, cancelling a recall in progress), for a new file or an
     * open with O_TRUNC.
     *
     * @throws CacheException on a local I/O error
     */
    public void create(long inode) {
        content.create(inode);
    }

    /**
     * Reads up to {@code size} bytes at {@code offset} of a complete object or of a recall in progress (the caller
     * has waited for the range with {@link RecallRanges#awaitRange}).
     *
     * @return bytes read, 0 at end of file
     * @throws CacheException when the object is not cached, or on a local I/O error
     */
    public int read(long inode, ByteBuffer destination, long offset, int size) {
        return content.read(inode, destination, offset, size);
    }

    /**
     * Writes the remaining bytes of {@code source} at {@code offset} into a complete object, evicting clean objects
     * when the cache needs room.
     *
     * @return bytes written
     * @throws CacheFullException when nothing more can be evicted
     * @throws CacheException     when the object is not cached, or on a local I/O error
     */
    public int write(long inode, ByteBuffer source, long offset) {
        return content.write(inode, source, offset);
    }

    /**
     * Sets a complete object's size, bytes (growing leaves a hole that reads as zeros).
     *
     * @throws CacheFullException when growing needs room that cannot be made
     * @throws CacheException     when the object is not cached, or on a local I/O error
     */
    public void truncate(long inode, long size) {
        content.truncate(inode, size);
    }

    /**
     * Forces one object's bytes to stable storage (fsync): what fsync at the mount, and close with DURABILITY=close,
     * ask for (shared/DESIGN.md section 7). Writes are on disk for the kernel when {@link #write} returns (a gateway
     * crash keeps them); this makes them survive a power loss.
     *
     * @throws CacheException on a local I/O error
     */
    public void sync(long inode) {
        content.sync(inode);
    }

    /**
     * Writes the dirty journal records held back since the last commit, then makes everything written to the cache
     * so far durable, objects, journals and their removals alike, with one syncfs(2) of the cache's filesystem: the
     * periodic commit (COMMIT_INTERVAL) and unmount.
     *
     * @throws CacheException when a journal record cannot be written (the others are) or syncfs fails
     */
    public void commit() {
        dirty.flush();
        try {
            filesystem.sync(files.directory());
        } catch (IOException e) {
            throw new CacheException("cannot sync the cache " + files.directory() + " to stable storage: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Marks the object dirty and writes (or rewrites) its journal record durably (fsynced, with its directory);
     * dirty objects are never evicted. For start-up steps, which run once.
     *
     * @throws CacheException on a local I/O error
     */
    public void markDirty(DirtyRecord record) {
        dirty.markDirty(record, true);
    }

    /**
     * Marks the object dirty (never evicted from now on) and writes (or rewrites) its journal record: fsynced before
     * this returns when {@code durable}, else held in memory and written, the newest per inode, at the next
     * {@link #commit} (a gateway crash before it loses the record, not the file: start-up reconciliation writes it
     * again from the catalog's dirty row).
     *
     * @throws CacheException on a local I/O error
     */
    public void markDirty(DirtyRecord record, boolean durable) {
        dirty.markDirty(record, durable);
    }

    /**
     * Changes the journal record held back for the next {@link #commit} (an ordinary {@link #markDirty}'s), in memory:
     * the newest record of a file that was only written meanwhile differs from it in size and times alone, which the
     * caller knows without reading the catalog again.
     *
     * @param change the new record from the held one; runs under the cache's lock, so it must not block
     * @return false, changing nothing, when no record of the inode is held (none was written, or it is on disk)
     */
    public boolean updateHeld(long inode, UnaryOperator<DirtyRecord> change) {
        return dirty.updateHeld(inode, change);
    }

    /**
     * Marks the object clean (migrated): its journal is removed and it may be evicted. Does nothing when the
     * catalog's row is dirty again (a write after the migration was recorded dirties the row before it touches
     * the object): the check runs under the cache's lock, which a write's journal update also takes, so either
     * this call sees the dirty row or the write re-creates the journal after it.
     *
     * @return true when the journal was removed; false when the file is dirty again and keeps it
     * @throws CacheException on a local I/O error
     */
    public boolean markClean(long inode) {
        return dirty.markClean(inode);
    }

    /**
     * The dirty journal's records, read from disk: what must reach tape, also when the catalog is lost.
     * Unreadable records are logged and skipped.
     */
    public List<DirtyRecord> dirtyRecords() {
        return dirty.records();
    }

    /**
     * The complete objects (present, not being recalled), in eviction order: what start-up reconciliation compares
     * with the catalog.
     */
    public List<StoredObject> storedObjects() {
        return lock.call(table::stored);
    }

    /** Inode ids with a dirty journal, whether or not their object is present. */
    public List<Long> dirtyInodes() {
        return dirty.dirtyInodes();
    }

    /**
     * Moves an inode's object and dirty journal to {@code CACHE_DIR/set-aside/<UTC time>-<reason>/} and forgets
     * them (logged; never deleted): for a journal whose inode the catalog no longer has, whose bytes may be the
     * only copy of a file.
     *
     * @param reason a short word for the directory name, e.g. "orphans"
     * @return the directory the files went to
     * @throws CacheException on a local I/O error
     */
    public Path setAside(long inode, String reason) {
        return removal.setAside(inode, reason);
    }

    /**
     * The dirty entries set aside since this cache opened because the catalog did not name their inodes (the
     * cache belonged to a lost catalog, or a restored catalog predates them), read from their journals: what start-up
     * places again at their paths. Unreadable journals are logged and stay set aside.
     */
    public List<UnplacedEntry> unplaced() {
        return adoption.unplaced();
    }

    /**
     * Takes a set-aside entry back as {@code placed.inode()}: its object (if any) becomes that inode's, replacing a
     * clean cached copy, and its journal is written anew with {@code placed} and removed from the set-aside place.
     *
     * @throws CacheException on a local I/O error (the entry then stays set aside)
     */
    public void adopt(UnplacedEntry entry, DirtyRecord placed) {
        adoption.adopt(entry, placed);
    }

    /**
     * Ends placement: deletes the clean objects of the directories set aside since this cache opened (their content is
     * on tape, and no catalog names them) and the directories left empty.
     *
     * @return files still set aside (entries that could not be placed)
     */
    public int finishAdoption() {
        return adoption.finish();
    }

    /**
     * Deletes an inode's object, journal and any recall in progress (the file was unlinked or replaced).
     *
     * @throws CacheException on a local I/O error
     */
    public void delete(long inode) {
        removal.delete(inode);
    }


    /**
     * Evicts one object if it is clean, complete and not open.
     *
     * @return true when evicted
     */
    public boolean evict(long inode) {
        return lock.call(() -> table.evictIfIdle(inode));
    }

    /**
     * Evicts every clean, complete object that is not open (an operator action: {@code /api/v1/cache/evict}).
     *
     * @return number of objects evicted
     */
    public int evictAll() {
        return lock.call(table::evictAllIdle);
    }

    /** Where a recall puts the bytes it reads from tape. */
    public RecallTarget recallTarget() {
        return recalls;
    }

    /** Recalls in progress and the readers waiting on them (read-while-recall). */
    public RecallRanges recalls() {
        return recalls;
    }

    /** Writes the journal records held back (not synced: unmount's commit syncs), closes the journal and the object files. */
    @Override
    public void close() {
        try {
            dirty.close();
        } finally {
            lock.run(() -> table.all().forEach(ObjectFiles::closeChannel));
        }
    }
}
