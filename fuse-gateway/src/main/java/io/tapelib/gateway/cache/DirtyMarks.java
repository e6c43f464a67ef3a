package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which objects are dirty (their only current copy is in the cache): the durable journal records, the pin they put
 * on their objects, and setting aside what the catalog no longer names. Shares the store's lock.
 *
 * <p>An ordinary (not durable) record is held in memory and written at the next {@link #flush} (the commit, every
 * COMMIT_INTERVAL, and unmount), the newest one per inode: creating a small file then costs its FUSE thread no file
 * of its own, and its create and its close make one journal write instead of two (issue 12). Nothing is lost by the
 * wait: the journal matters only when the catalog is lost, and the catalog's WAL already holds the dirty row, from
 * which start-up reconciliation writes any missing record after a gateway crash; a power loss loses at most the last
 * COMMIT_INTERVAL, as it does for the data (shared/DESIGN.md section 7).
 */
final class DirtyMarks {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());

    private final CacheLock lock;
    private final ObjectTable table;
    private final ObjectFiles files;
    private final DirtyJournal journal;
    private final SetAside setAside;
    private final LongPredicate contentIsDirty;
    /** Records not written yet, by inode; guarded by the lock. */
    private final Map<Long, DirtyRecord> unwritten = new HashMap<>();

    DirtyMarks(CacheLock lock, ObjectTable table, ObjectFiles files, SetAside setAside,
               LongPredicate contentIsDirty) {
        this.lock = lock;
        this.table = table;
        this.files = files;
        this.journal = new DirtyJournal(files.directory());
        this.setAside = setAside;
        this.contentIsDirty = contentIsDirty;
    }

    /** Pins the objects whose journals a start-up scan found. Lock held or not yet shared. */
    void load(List<Long> journals) {
        for (long inode : journals) {
            CachedObject object = table.entry(inode);
            object.dirty = true;
            if (!object.present) {
                // Named once, with its path, by the caller's reconciliation, which marks the file lost.
                LOG.log(Level.FINE, "dirty journal {0} names a file whose data is missing from the cache",
                        journal.file(inode));
            }
        }
    }

    /** See {@link CacheStore#markDirty(DirtyRecord, boolean)}. */
    void markDirty(DirtyRecord record, boolean durable) {
        lock.lock();
        try {
            if (durable) {
                unwritten.remove(record.inode());
                journal.write(record, true);
            } else {
                unwritten.put(record.inode(), record);
            }
            table.entry(record.inode()).dirty = true;
        } catch (IOException e) {
            throw new CacheException("cannot write dirty journal of inode " + record.inode() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** See {@link CacheStore#updateHeld}. */
    boolean updateHeld(long inode, UnaryOperator<DirtyRecord> change) {
        lock.lock();
        try {
            DirtyRecord held = unwritten.get(inode);
            if (held == null) {
                return false;
            }
            unwritten.put(inode, change.apply(held));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** See {@link CacheStore#markClean}. */
    boolean markClean(long inode) {
        lock.lock();
        try {
            if (contentIsDirty.test(inode)) {
                LOG.log(Level.FINE, "inode {0} changed after its migration was recorded; its journal stays", inode);
                return false;
            }
            unwritten.remove(inode);
            journal.delete(inode);
            CachedObject object = table.get(inode);
            if (object != null) {
                object.dirty = false;
                table.forgetIfIdle(object);
            }
            table.signal();   // a clean object may be evicted: writers waiting for room look again
            return true;
        } catch (IOException e) {
            throw new CacheException("cannot remove dirty journal of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Inode ids with a dirty journal, whether or not their object is present. */
    List<Long> dirtyInodes() {
        return lock.call(() -> table.all().stream().filter(o -> o.dirty).map(o -> o.inode).toList());
    }

    /**
     * Writes the records held back since the last flush, each under the lock on its own so that the mount's writers
     * wait for one small file at most. Not synced: the commit's syncfs follows. A record that cannot be written stays
     * for the next flush; the others are written all the same.
     *
     * @throws CacheException after the pass, naming the first record that could not be written
     */
    void flush() {
        CacheException failed = null;
        for (long inode : lock.call(() -> List.copyOf(unwritten.keySet()))) {
            lock.lock();
            DirtyRecord record = unwritten.remove(inode);
            try {
                if (record != null) {
                    journal.write(record, false);
                }
            } catch (IOException e) {
                unwritten.putIfAbsent(inode, record);
                if (failed == null) {
                    failed = new CacheException("cannot write dirty journal of inode " + inode + ": "
                            + e.getMessage(), e);
                }
            } finally {
                lock.unlock();
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** See {@link CacheStore#dirtyRecords}. */
    List<DirtyRecord> records() {
        List<DirtyRecord> records = new ArrayList<>();
        for (long inode : dirtyInodes()) {
            DirtyRecord held = lock.call(() -> unwritten.get(inode));
            if (held != null) {
                records.add(held);
                continue;
            }
            try {
                records.add(journal.read(journal.file(inode)));
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "unreadable dirty journal of inode " + inode + ": " + e.getMessage(), e);
            }
        }
        return records;
    }

    /** Fsyncs the objects directory: renames and removals of journals become durable. */
    void syncDirectory() throws IOException {
        journal.syncDirectory();
    }

    /** Deletes an inode's journal (its object is already forgotten). Lock held. */
    void delete(long inode) throws IOException {
        unwritten.remove(inode);
        journal.delete(inode);
    }

    /** Moves the object and journal of an already forgotten inode aside; see {@link CacheStore#setAside}. Lock held. */
    Path setAside(long inode, String reason) throws IOException {
        DirtyRecord held = unwritten.remove(inode);
        if (held != null) {
            journal.write(held, false);   // what is set aside is adopted from its record, so it must go along
        }
        Path target = setAside.newDirectory(reason);
        for (Path file : List.of(files.objectFile(inode), journal.file(inode))) {
            if (Files.exists(file)) {
                Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        LOG.log(Level.WARNING, "cache object and dirty journal of inode {0} moved to {1}", new Object[] {inode, target});
        return target;
    }
}
