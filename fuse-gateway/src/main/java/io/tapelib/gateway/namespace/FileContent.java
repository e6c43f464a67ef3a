package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ContentChanges;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.namespace.OpenFiles.OpenFile;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static io.tapelib.gateway.namespace.NamespaceCall.call;
import static io.tapelib.gateway.namespace.NamespaceCall.run;

/**
 * A file's content through its handles (shared/DESIGN.md sections 1 and 7): opens pin the cached object, reads
 * wait for a recall when the content is only on tape, and writes, truncates and O_TRUNC opens change the object only
 * while the catalog row and the journal say "dirty" (or, for a file already dirty, while {@link PendingWrites} holds
 * the write, which keeps the cache's journal), so a crash never shows changed bytes as a clean copy of the tape's.
 * Errors as {@link CatalogNamespace} describes.
 *
 * <p>Durability (DESIGN section 7): a write is in the object (write(2)) when it returns and its size and time in
 * {@link PendingWrites}; the catalog takes them at fsync, truncate and utimens (that file's), and at the periodic
 * commit, unmount, a listing with attributes and a reader outside the mount (every file's in one transaction); a
 * close records nothing. fsync makes the object, its journal and the catalog durable; with DURABILITY=close, so does
 * every close of a handle that wrote.
 */
final class FileContent {
    private final Catalog catalog;
    private final CacheStore cache;
    private final Clock clock;
    private final PathResolver paths;
    private final DirtyJournaling journal;
    private final RecallWaits recalls;
    private final PendingWrites pending;
    private final StableStorage storage;
    private final boolean durableAtClose;
    private final OpenFiles handles = new OpenFiles();

    /**
     * @param pending        writes the catalog does not show yet (shared with the cache's dirty check)
     * @param storage        where journals go and syncs are made
     * @param durableAtClose DURABILITY=close: a handle that wrote is made durable at every close
     */
    FileContent(Catalog catalog, CacheStore cache, Clock clock, PathResolver paths, DirtyJournaling journal,
                RecallWaits recalls, PendingWrites pending, StableStorage storage, boolean durableAtClose) {
        this.catalog = catalog;
        this.cache = cache;
        this.clock = clock;
        this.paths = paths;
        this.journal = journal;
        this.recalls = recalls;
        this.pending = pending;
        this.storage = storage;
        this.durableAtClose = durableAtClose;
    }

    /** See {@link Namespace#open}. */
    long open(String path, boolean write, boolean truncate) {
        return call("open", path, () -> {
            Inode inode = paths.resolve(path);
            PathResolver.requireFile(inode, path);
            // Pinned before the object is checked or made, so eviction cannot take it in between.
            cache.acquire(inode.id());
            try {
                if (write && truncate) {
                    truncateTo(inode, 0, path);
                } else if (write) {
                    recalls.makeWholeFileCached(inode, path);
                }
            } catch (RuntimeException e) {
                cache.release(inode.id());
                throw e;
            }
            // Opening for reading recalls nothing: many tools open files they never read (fstat, xattrs,
            // file-type probes), and each would load a cartridge. The first read starts the recall.
            return handles.register(inode.id(), write);
        });
    }

    /** See {@link Namespace#create}. One catalog transaction; the journal record is written without a catalog read. */
    long create(String path, int mode, int uid, int gid) {
        return call("create", path, () -> {
            PathResolver.ParentAndName target = paths.parentAndName(path);
            Inode inode = catalog.createFile(target.parentId(), target.name(), mode, uid, gid, clock.instant());
            journal.writeNew(inode, path);
            journal.directoryChanged(target.parentId());
            // the row is dirty and its journal written: the handle's first write needs no catalog read to know it
            pending.begin(inode.id(), inode.mtime());
            cache.acquire(inode.id());
            try {
                cache.create(inode.id());
            } catch (RuntimeException e) {
                cache.release(inode.id());
                throw e;
            }
            long handle = handles.register(inode.id(), true);
            handles.get(handle).created = inode;
            return handle;
        });
    }

    /** The row the create of this handle made, once (null after that, or for a handle not made by create). */
    Inode takeCreated(long handle) {
        OpenFile file = handles.find(handle);
        if (file == null) {
            return null;
        }
        Inode created = file.created;
        file.created = null;
        return created;
    }

    /** See {@link Namespace#read}. */
    int read(long handle, ByteBuffer destination, long offset, int size) {
        OpenFile file = handles.get(handle);
        return call("read", "inode " + file.inode, () -> {
            Inode inode = catalog.get(file.inode)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "inode " + file.inode + " was removed"));
            long length = sizeOf(inode);
            if (offset >= length || size <= 0) {
                return 0;
            }
            int wanted = (int) Math.min(size, length - offset);
            requireNotLost(inode, "inode " + inode.id());
            if (recalls.needsRecall(inode)) {
                String failed = file.recallFailure;
                if (failed != null) {
                    throw new NamespaceException(Errno.EIO, failed);
                }
                try {
                    recalls.waitForRange(inode, offset, wanted);
                } catch (NamespaceException e) {
                    file.recallFailure = e.getMessage();
                    throw e;
                }
            }
            return cache.read(inode.id(), destination, offset, wanted);
        });
    }

    /**
     * See {@link Namespace#write}. No catalog transaction when the row is dirty already (a new file, a file written
     * before): the size and time wait in {@link PendingWrites}. A clean row (a file whose content is on tape) is
     * marked dirty, with its journal, before the first byte changes.
     */
    int write(long handle, ByteBuffer source, long offset, int size) {
        OpenFile file = handles.get(handle);
        if (!file.writable) {
            throw new NamespaceException(Errno.EBADF, "handle " + handle + " is not open for writing");
        }
        return call("write", "inode " + file.inode, () -> {
            ByteBuffer bytes = source.slice();
            bytes.limit(Math.min(size, bytes.remaining()));
            requireFitsOnATape(offset + bytes.remaining(), "inode " + file.inode);
            int written = pending.write(file.inode, (entry, fresh) -> {
                if (fresh) {
                    dirtyBeforeWrite(file.inode);
                }
                int count = cache.write(file.inode, bytes, offset);
                entry.end = Math.max(entry.end, offset + count);
                entry.mtime = clock.instant();
                return count;
            });
            source.position(source.position() + written);
            file.written = true;
            return written;
        });
    }

    /**
     * See {@link Namespace#flush}: nothing reaches the catalog before the next commit (see {@link #close}); with
     * DURABILITY=close, the handle's writes go into the catalog and to stable storage.
     */
    void flush(long handle) {
        OpenFile file = handles.get(handle);
        run("flush", "inode " + file.inode, () -> close(file));
    }

    /** See {@link Namespace#release}. */
    void release(long handle) {
        OpenFile file = handles.remove(handle);
        try {
            run("release", "inode " + file.inode, () -> close(file));
        } finally {
            cache.release(file.inode);
        }
    }

    /**
     * See {@link Namespace#fsync}: the file's object, its dirty journal and the catalog on stable storage (fdatasync
     * as well: the size, which the catalog holds, is what a later read needs).
     */
    void fsync(long handle) {
        OpenFile file = handles.get(handle);
        run("fsync", "inode " + file.inode, () -> makeDurable(file.inode));
    }

    /**
     * Records the writes the catalog does not show yet of every file, open or closed, one transaction for all: the
     * periodic commit, unmount, listings with attributes and readers outside the mount.
     */
    void recordAll() {
        pending.recordAll(unrecorded -> {
            List<ContentChanges.Written> writes = new ArrayList<>(unrecorded.size());
            unrecorded.forEach((inode, write) -> writes.add(new ContentChanges.Written(inode, write.end(),
                    write.mtime())));
            for (Inode row : catalog.content().recordWrites(writes)) {
                journalWritten(row);
            }
        });
    }

    /** The size a reader sees: the catalog's, or further when writes it does not show yet reached further. */
    long sizeOf(Inode inode) {
        PendingWrites.Unrecorded unrecorded = pending.unrecorded(inode.id());
        return unrecorded == null ? inode.size() : Math.max(inode.size(), unrecorded.end());
    }

    /** What writes the catalog does not show yet add to an inode (null when none). */
    PendingWrites.Unrecorded unrecorded(long inode) {
        return pending.unrecorded(inode);
    }

    /**
     * Records the writes of the file at {@code path} that the catalog does not show yet (before its times are set);
     * nothing when there are none or the path names no file (the caller's own call reports that).
     */
    void recordPending(String path) {
        run("utimens", path, () -> {
            Inode inode = paths.resolve(path);
            if (!inode.isDirectory()) {
                pending.record(inode.id(), this::recordWrites);
            }
        });
    }

    /** See {@link Namespace#truncate}. */
    void truncate(String path, long size) {
        run("truncate", path, () -> {
            if (size < 0) {
                throw new NamespaceException(Errno.EINVAL, "negative size " + size + " for " + path);
            }
            Inode inode = paths.resolve(path);
            PathResolver.requireFile(inode, path);
            requireFitsOnATape(size, path);
            requireFitsInTheCache(size, path);
            cache.acquire(inode.id());
            try {
                if (size > 0) {
                    recalls.makeWholeFileCached(inode, path);
                }
                truncateTo(inode, size, path);
            } finally {
                cache.release(inode.id());
            }
        });
    }

    /**
     * Sets a cached file's size with no write of it running meanwhile: writes not yet recorded are superseded (the
     * new size and time replace theirs), the row is dirty before the object changes, then takes the new size.
     */
    private void truncateTo(Inode inode, long size, String path) {
        pending.recordThen(inode.id(), (id, superseded) -> { }, () -> {
            dirtyBeforeWrite(inode.id());
            if (size == 0) {
                cache.create(inode.id());
            } else {
                cache.truncate(inode.id(), size);
            }
            journal.journalIfMissing(catalog.setSize(inode.id(), size, clock.instant()));
        });
    }

    /**
     * Before the first write since the last record: a clean row becomes dirty (with its journal) in the catalog
     * first; a dirty row needs only its journal, which {@link PendingWrites#has} keeps from here on.
     */
    private void dirtyBeforeWrite(long inode) {
        Inode row = catalog.get(inode)
                .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "inode " + inode + " was removed"));
        if (row.isDirty()) {
            journal.journalIfMissing(row);
        } else {
            journal.dirtyBeforeChange(inode);
        }
    }

    /**
     * Flush and release: with DURABILITY=close, everything of the file durable; else nothing now. The size and time
     * stay in {@link PendingWrites}, where the mount's attributes, listings and reads find them, until the next commit
     * records them with every other file's in one transaction (issue 12: creating a small file costs one catalog
     * transaction, not two); readers outside the mount record them first ({@link CatalogNamespace#recordWrites}). A
     * gateway crash meanwhile loses only the record: the object holds the bytes, and start-up reconciliation gives the
     * dirty row the object's size and modify time ({@link CacheReconciliation}).
     */
    private void close(OpenFile file) {
        if (!file.written) {
            return;
        }
        if (durableAtClose) {
            makeDurable(file.inode);
        }
        file.written = false;
    }

    private void makeDurable(long inode) {
        pending.record(inode, this::recordWrites);
        storage.syncObject(inode);
        catalog.get(inode).filter(Inode::isDirty).ifPresent(row -> journal.write(row, true));
        storage.syncCatalog();
    }

    /**
     * One transaction: the size and time of writes the catalog did not show. The journal is not rewritten for them
     * (that would double the files written per small file): a catalog rebuilt from journals takes a dirty file's size
     * from its object ({@link DirtyPlacement}); fsync and DURABILITY=close rewrite it.
     */
    private void recordWrites(long inode, PendingWrites.Unrecorded unrecorded) {
        try {
            journalWritten(catalog.recordWrite(inode, unrecorded.end(), unrecorded.mtime()));
        } catch (NamespaceException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
            // removed meanwhile: nothing to record
        }
    }

    /** After writes were recorded into {@code row}: its journal follows. */
    private void journalWritten(Inode row) {
        // a migration recorded since the first of these writes may have taken the journal (the cache's dirty
        // check names only the catalog in tools and tests): the row is dirty again now, and so is the journal
        journal.journalIfMissing(row);
        // its journal still holds the size and modify time of before: the record held for the next commit takes
        // them, or the next commit (or unmount) rewrites it, once, so that a catalog rebuilt from the journals has
        // the file as written
        journal.written(row);
    }

    /** A lost file's content never reached tape and is gone from the cache: EIO until it is deleted or truncated. */
    private void requireNotLost(Inode inode, String what) {
        if (inode.isDirty() && cache.isLost(inode.id())) {
            throw new NamespaceException(Errno.EIO, what + " is lost: it was changed through the mount, never reached"
                    + " tape, and its content is gone from the cache; delete it or write it anew (O_TRUNC)");
        }
    }

    /**
     * A truncate to a length the cache can never hold: a changed file stays whole in the cache until it is on tape,
     * so EFBIG at once rather than ENOSPC after CACHE_WAIT_TIMEOUT for room that cannot come (POSIX truncate(2) names
     * EFBIG for a length beyond the maximum file size). Writes keep waiting: the kernel splits them, and what fits
     * is written first.
     */
    private void requireFitsInTheCache(long sizeBytes, String what) {
        if (sizeBytes > cache.maxBytes()) {
            throw new NamespaceException(Errno.EFBIG, what + " would grow to " + sizeBytes + " bytes, more than the"
                    + " cache holds (CACHE_MAX_BYTES " + cache.maxBytes() + ")");
        }
    }

    /** A file larger than every cartridge fits on none (LTFS has no spanning): EFBIG now, not at migration. */
    private void requireFitsOnATape(long sizeBytes, String what) {
        OptionalLong largest = catalog.largestCartridgeCapacity();
        if (largest.isPresent() && sizeBytes > largest.getAsLong()) {
            throw new NamespaceException(Errno.EFBIG, what + " would grow to " + sizeBytes + " bytes, more than the"
                    + " largest cartridge holds (" + largest.getAsLong() + " bytes); a file never spans tapes");
        }
    }
}
