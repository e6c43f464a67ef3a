package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which objects are dirty (their only current copy is in the cache): the durable journal records, the pin they put
 * on their objects, and setting aside what the catalog no longer names. Shares the store's lock.
 *
 * <p>The records are kept in one append-only {@link DirtyLog}. An ordinary (not durable) record is held in memory and
 * appended at the next {@link #flush} (the commit, every COMMIT_INTERVAL, and unmount), the newest one per inode, many
 * in one write: creating a small file then costs its FUSE thread no file of its own, and its create and its close make
 * one record instead of two (issue 12). Nothing is lost by the wait: the journal matters only when the catalog is
 * lost, and the catalog's WAL already holds the dirty row, from which start-up reconciliation writes any missing
 * record after a gateway crash; a power loss loses at most the last COMMIT_INTERVAL, as it does for the data
 * (shared/DESIGN.md section 7). A removal (the entry went clean or was deleted) is appended at once, not held, so that a
 * gateway crash cannot bring back a deleted entry through its old record.
 */
final class DirtyMarks {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());
    /** Records appended per write (and per hold of the lock) at a flush. */
    private static final int FLUSH_BATCH = 256;

    private final CacheLock lock;
    private final ObjectTable table;
    private final ObjectFiles files;
    private final DirtyJournal journal;
    private final SetAside setAside;
    private final LongPredicate contentIsDirty;
    /** Records not written yet, by inode; guarded by the lock. */
    private final Map<Long, DirtyRecord> unwritten = new HashMap<>();
    /** Inodes whose {@code <inode>.dirty} file of before session 16 could not be read, so it stays; guarded by the lock. */
    private final Set<Long> unreadableFiles = new HashSet<>();
    /** Set by {@link #load}; guarded by the lock. */
    private DirtyLog log;

    DirtyMarks(CacheLock lock, ObjectTable table, ObjectFiles files, SetAside setAside,
               LongPredicate contentIsDirty) {
        this.lock = lock;
        this.table = table;
        this.files = files;
        this.journal = new DirtyJournal(files.directory());
        this.setAside = setAside;
        this.contentIsDirty = contentIsDirty;
    }

    /**
     * Opens the journal and pins the objects it names; takes the {@code <inode>.dirty} files of a cache from before
     * session 16 ({@code recordFiles}, from the start-up scan) into it, durably, and deletes them. Lock held or not
     * yet shared.
     *
     * @throws IOException when the journal cannot be opened or written
     */
    void load(List<Long> recordFiles) throws IOException {
        log = DirtyLog.open(files.directory(), journal);
        List<DirtyRecord> adopted = new ArrayList<>();
        for (long inode : recordFiles) {
            try {
                DirtyRecord record = journal.read(journal.file(inode));
                if (!log.has(inode)) {
                    adopted.add(record);
                }
            } catch (IOException | RuntimeException e) {
                unreadableFiles.add(inode);
                LOG.log(Level.SEVERE, "dirty journal " + journal.file(inode) + " cannot be read; it stays, and its"
                        + " object stays dirty: " + e.getMessage(), e);
            }
        }
        if (!adopted.isEmpty()) {
            log.append(adopted);
            log.force();
            for (DirtyRecord record : adopted) {
                journal.delete(record.inode());
            }
            journal.syncDirectory();
            LOG.log(Level.INFO, "{0} dirty journal records of one file each taken into {1}",
                    new Object[] {adopted.size(), files.directory().resolve(DirtyLog.NAME)});
        }
        for (long inode : recordFiles) {
            if (!unreadableFiles.contains(inode)) {
                journal.delete(inode);   // a file already taken in by an earlier start that stopped before deleting it
            }
        }
        Set<Long> dirty = new HashSet<>(log.inodes());
        dirty.addAll(unreadableFiles);
        for (long inode : dirty) {
            CachedObject object = table.entry(inode);
            object.dirty = true;
            if (!object.present) {
                // Named once, with its path, by the caller's reconciliation, which marks the file lost.
                LOG.log(Level.FINE, "the dirty journal names inode {0}, whose data is missing from the cache", inode);
            }
        }
        compact();
    }

    /** See {@link CacheStore#markDirty(DirtyRecord, boolean)}. */
    void markDirty(DirtyRecord record, boolean durable) {
        lock.lock();
        try {
            if (durable) {
                unwritten.remove(record.inode());
                log.append(List.of(record));
                log.force();
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
            delete(inode);
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
     * Appends the records held back since the last flush, {@value #FLUSH_BATCH} per write and per hold of the lock so
     * that the mount's writers wait for one short write at most; then compacts the journal if it has grown to several
     * times its live records. Not synced: the commit's syncfs follows. Records that cannot be written stay for the next
     * flush.
     *
     * @throws CacheException after the pass, naming the first write that failed
     */
    void flush() {
        CacheException failed = null;
        List<Long> inodes = lock.call(() -> List.copyOf(unwritten.keySet()));
        for (int from = 0; from < inodes.size(); from += FLUSH_BATCH) {
            List<Long> batch = inodes.subList(from, Math.min(inodes.size(), from + FLUSH_BATCH));
            lock.lock();
            List<DirtyRecord> records = new ArrayList<>(batch.size());
            try {
                for (long inode : batch) {
                    DirtyRecord record = unwritten.remove(inode);
                    if (record != null) {
                        records.add(record);
                    }
                }
                log.append(records);
            } catch (IOException e) {
                records.forEach(record -> unwritten.putIfAbsent(record.inode(), record));
                if (failed == null) {
                    failed = new CacheException("cannot write " + records.size() + " dirty journal records: "
                            + e.getMessage(), e);
                }
            } finally {
                lock.unlock();
            }
        }
        if (failed != null) {
            throw failed;
        }
        lock.run(this::compact);
    }

    /** See {@link CacheStore#dirtyRecords}. */
    List<DirtyRecord> records() {
        List<DirtyRecord> records = new ArrayList<>();
        for (long inode : dirtyInodes()) {
            lock.lock();
            try {
                DirtyRecord held = unwritten.get(inode);
                if (held != null) {
                    records.add(held);
                } else if (log.has(inode)) {
                    records.add(log.read(inode));
                } else if (unreadableFiles.contains(inode)) {
                    records.add(journal.read(journal.file(inode)));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "unreadable dirty journal record of inode " + inode + ": " + e.getMessage(), e);
            } finally {
                lock.unlock();
            }
        }
        return records;
    }

    /**
     * Forgets an inode's record: the held one, and the one in the journal by an appended removal (not synced: the
     * next commit makes it durable; a power loss before it brings the record back, which start-up reconciliation
     * settles). Lock held.
     */
    void delete(long inode) throws IOException {
        unwritten.remove(inode);
        log.remove(inode);
        if (unreadableFiles.remove(inode)) {
            journal.delete(inode);
        }
    }

    /**
     * Moves the object of an already forgotten inode aside, with its record as {@code <inode>.dirty} beside it; see
     * {@link CacheStore#setAside}. The record there is durable before the journal's removal is appended. Lock held.
     */
    Path setAside(long inode, String reason) throws IOException {
        DirtyRecord held = unwritten.remove(inode);
        DirtyRecord record = held != null ? held : log.has(inode) ? log.read(inode) : null;
        Path target = setAside.newDirectory(reason);
        if (record != null) {
            // what is set aside is adopted from its record, so it must go along
            new DirtyJournal(target).write(record, true);
        } else if (unreadableFiles.remove(inode)) {
            Files.move(journal.file(inode), target.resolve(journal.file(inode).getFileName()),
                    StandardCopyOption.ATOMIC_MOVE);
        }
        Path object = files.objectFile(inode);
        if (Files.exists(object)) {
            Files.move(object, target.resolve(object.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        log.remove(inode);
        log.force();
        LOG.log(Level.WARNING, "cache object and dirty journal of inode {0} moved to {1}", new Object[] {inode, target});
        return target;
    }

    /** Appends what is held and closes the journal. */
    void close() {
        try {
            flush();
        } finally {
            lock.run(() -> {
                try {
                    log.close();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "closing the dirty journal: " + e.getMessage(), e);
                }
            });
        }
    }

    /** Compacts the journal if it has grown to several times its live records; a failure is logged. Lock held. */
    private void compact() {
        try {
            log.compactIfWorthIt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot compact the dirty journal " + files.directory().resolve(DirtyLog.NAME)
                    + " (it stays in use as it is): " + e.getMessage(), e);
        }
    }
}
