package io.tapelib.gateway.namespace;

import io.tapelib.gateway.catalog.Inode;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Sizes and modification times of writes that the catalog does not show yet (shared/DESIGN.md section 7): a write
 * changes the cached object at once and this record in memory; the catalog takes both at fsync, truncate, utimens,
 * the periodic commit, unmount and before a reader outside the mount reads it, one transaction for many writes (a
 * close records nothing: its file waits for the next commit). A gateway crash loses only this record: the object
 * holds the bytes and start-up reconciliation gives the (dirty) row the object's size.
 *
 * <p>Each inode's entry carries its own lock, held while a write changes the object and while the entry is recorded,
 * so a record never names a size whose bytes are not written yet and a write never slips between a record and the
 * removal of its entry. While an entry exists the file counts as dirty to the cache ({@link #has}): a migration that
 * finished meanwhile does not drop the dirty journal of bytes the catalog has not seen. Thread-safe.
 */
public final class PendingWrites {
    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    /** Counts the entries removed, each after its record committed: a reader sees whether one went meanwhile. */
    private final AtomicLong retirements = new AtomicLong();

    /** What the catalog has not seen of one inode's writes; guarded by its own monitor. */
    static final class Entry {
        final long inode;
        /** The end of the furthest byte written, bytes. */
        long end;
        /** The latest write's time. */
        Instant mtime;
        /** Set when recorded and removed: a writer that still holds it takes a new entry. */
        boolean retired;
        /** Counts the writes run on the entry: a batch record retires it only if none ran since it took its values. */
        long writes;

        Entry(long inode) {
            this.inode = inode;
        }
    }

    /** What writes not yet recorded add to a row: its size at least {@code end}, modified at {@code mtime}. */
    record Unrecorded(long end, Instant mtime) {
    }

    /** Work done on an entry under its lock. */
    @FunctionalInterface
    interface Work<T> {
        T run(Entry entry, boolean fresh);
    }

    /** Records an entry into the catalog (under its lock); returns normally or throws, and the entry goes either way. */
    @FunctionalInterface
    interface Recorder {
        void record(long inode, Unrecorded unrecorded);
    }

    /**
     * Runs {@code work} holding the inode's entry, made when there is none ({@code fresh}: the first write since the
     * last record, which must mark the row dirty before it changes the object).
     */
    <T> T write(long inode, Work<T> work) {
        while (true) {
            Entry entry = entries.computeIfAbsent(inode, Entry::new);
            synchronized (entry) {
                if (entry.retired) {
                    continue;
                }
                boolean fresh = entry.mtime == null;
                try {
                    return work.run(entry, fresh);
                } finally {
                    entry.writes++;
                    if (entry.mtime == null) {
                        // the work failed before it wrote anything: nothing to record
                        retire(entry);
                    }
                }
            }
        }
    }

    /**
     * Starts the entry of a file just created (its row dirty and its journal written in the same call): its first
     * write then finds the entry not fresh and needs no catalog read to know the row is dirty. From here on the file
     * counts as dirty to the cache ({@link #has}), as after a write, so a migration finishing before that write keeps
     * the journal; the record (commit, fsync) takes size 0 and the creation time when nothing is written.
     *
     * @param mtime the creation time (the row's modify time)
     */
    void begin(long inode, Instant mtime) {
        while (true) {
            Entry entry = entries.computeIfAbsent(inode, Entry::new);
            synchronized (entry) {
                if (entry.retired) {
                    continue;
                }
                if (entry.mtime == null) {
                    entry.mtime = mtime;
                }
                return;
            }
        }
    }

    /**
     * Records the inode's entry, if any, with {@code recorder}, then runs {@code after}, then removes the entry, all
     * under its lock, so that no write of this inode runs in between (a truncate, an O_TRUNC open). The entry goes
     * also when the recorder or {@code after} throws.
     */
    void recordThen(long inode, Recorder recorder, Runnable after) {
        while (true) {
            Entry entry = entries.computeIfAbsent(inode, Entry::new);
            synchronized (entry) {
                if (entry.retired) {
                    continue;
                }
                try {
                    if (entry.mtime != null) {
                        recorder.record(inode, new Unrecorded(entry.end, entry.mtime));
                    }
                    // still in the map: the cache keeps the journal while the object changes
                    after.run();
                } finally {
                    retire(entry);
                }
                return;
            }
        }
    }

    /** Records the inode's entry, if any, and removes it. */
    void record(long inode, Recorder recorder) {
        Entry entry = entries.get(inode);
        if (entry != null) {
            recordThen(inode, recorder, () -> { });
        }
    }

    /** Forgets the inode's writes not yet recorded (its last name went, or a truncate supersedes them). */
    void discard(long inode) {
        if (entries.containsKey(inode)) {
            recordThen(inode, (id, unrecorded) -> { }, () -> { });
        }
    }

    /** Records many entries at once (one catalog transaction); returns normally or throws, recording none. */
    @FunctionalInterface
    interface BatchRecorder {
        void record(Map<Long, Unrecorded> unrecorded);
    }

    /**
     * Records every entry in one batch (the periodic commit, unmount, a reader outside the mount that must see every
     * close): takes each entry's values under its lock, records them all with {@code recorder} holding no entry's
     * lock (writes of these files go on meanwhile), then removes each entry no write changed since; an entry written
     * meanwhile stays, its values at least as far as the ones recorded, for the next record. When the recorder throws
     * every entry stays.
     */
    void recordAll(BatchRecorder recorder) {
        if (entries.isEmpty()) {
            return;
        }
        Map<Long, Unrecorded> taken = new HashMap<>();
        Map<Entry, Long> writesSeen = new HashMap<>();
        for (Entry entry : entries.values()) {
            synchronized (entry) {
                if (!entry.retired && entry.mtime != null) {
                    taken.put(entry.inode, new Unrecorded(entry.end, entry.mtime));
                    writesSeen.put(entry, entry.writes);
                }
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        recorder.record(taken);
        writesSeen.forEach((entry, writes) -> {
            synchronized (entry) {
                if (!entry.retired && entry.writes == writes) {
                    retire(entry);
                }
            }
        });
    }

    /** What the catalog does not show yet of the inode's writes, or null. */
    Unrecorded unrecorded(long inode) {
        Entry entry = entries.get(inode);
        if (entry == null) {
            return null;
        }
        synchronized (entry) {
            return entry.retired || entry.mtime == null ? null : new Unrecorded(entry.end, entry.mtime);
        }
    }

    /**
     * A row as the mount shows it, with the size and times of writes the catalog does not show yet, never older than
     * a record that committed while it was read: a record commits first and removes its entry after, so a row read
     * before a record whose entry is gone by the time it is looked for is read again ({@code reread}).
     *
     * @param read   reads the row (from the catalog); its exceptions propagate
     * @param reread reads the row of an inode again by id, or null when it is gone (the row read first is given then)
     */
    Inode current(Supplier<Inode> read, LongFunction<Inode> reread) {
        long before = retirements.get();
        Inode row = read.get();
        while (!row.isDirectory()) {
            Unrecorded unrecorded = unrecorded(row.id());
            if (unrecorded != null) {
                return row.withWrite(unrecorded.end(), unrecorded.mtime());
            }
            if (retirements.get() == before) {
                return row;
            }
            before = retirements.get();
            Inode again = reread.apply(row.id());
            if (again == null) {
                return row;
            }
            row = again;
        }
        return row;
    }

    /** True while the inode has writes the catalog does not show: the cache keeps its dirty journal meanwhile. */
    public boolean has(long inode) {
        return entries.containsKey(inode);
    }

    /** {@link #has} as a predicate, for the cache's "is this content dirty" question. */
    public LongPredicate asPredicate() {
        return this::has;
    }

    private void retire(Entry entry) {
        entry.retired = true;
        entries.remove(entry.inode, entry);
        retirements.incrementAndGet();
    }
}
