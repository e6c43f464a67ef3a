package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.namespace.OpenFiles.OpenFile;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.OptionalLong;

import static io.tapelib.gateway.namespace.NamespaceCall.call;
import static io.tapelib.gateway.namespace.NamespaceCall.run;

/**
 * A file's content through its handles (shared/DESIGN.md sections 1 and 7): opens pin the cached object, reads
 * wait for a recall when the content is only on tape, and writes, truncates and O_TRUNC opens mark the file dirty
 * in the catalog and the journal before its object changes. Errors as {@link CatalogNamespace} describes.
 */
final class FileContent {
    private final Catalog catalog;
    private final CacheStore cache;
    private final Clock clock;
    private final PathResolver paths;
    private final DirtyJournaling journal;
    private final RecallWaits recalls;
    private final OpenFiles handles = new OpenFiles();

    FileContent(Catalog catalog, CacheStore cache, Clock clock, PathResolver paths, DirtyJournaling journal,
                RecallWaits recalls) {
        this.catalog = catalog;
        this.cache = cache;
        this.clock = clock;
        this.paths = paths;
        this.journal = journal;
        this.recalls = recalls;
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
                    journal.dirtyBeforeChange(inode.id());
                    cache.create(inode.id());
                    journal.journalIfMissing(catalog.setSize(inode.id(), 0, clock.instant()));
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

    /** See {@link Namespace#create}. */
    long create(String path, int mode, int uid, int gid) {
        return call("create", path, () -> {
            PathResolver.ParentAndName target = paths.parentAndName(path);
            Inode inode = catalog.createFile(target.parent().id(), target.name(), mode, uid, gid, clock.instant());
            journal.write(inode);
            journal.directoryChanged(target.parent().id());
            cache.acquire(inode.id());
            try {
                cache.create(inode.id());
            } catch (RuntimeException e) {
                cache.release(inode.id());
                throw e;
            }
            return handles.register(inode.id(), true);
        });
    }

    /** See {@link Namespace#read}. */
    int read(long handle, ByteBuffer destination, long offset, int size) {
        OpenFile file = handles.get(handle);
        return call("read", "inode " + file.inode, () -> {
            Inode inode = catalog.get(file.inode)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "inode " + file.inode + " was removed"));
            if (offset >= inode.size() || size <= 0) {
                return 0;
            }
            int wanted = (int) Math.min(size, inode.size() - offset);
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

    /** See {@link Namespace#write}. */
    int write(long handle, ByteBuffer source, long offset, int size) {
        OpenFile file = handles.get(handle);
        if (!file.writable) {
            throw new NamespaceException(Errno.EBADF, "handle " + handle + " is not open for writing");
        }
        return call("write", "inode " + file.inode, () -> {
            ByteBuffer bytes = source.slice();
            bytes.limit(Math.min(size, bytes.remaining()));
            requireFitsOnATape(offset + bytes.remaining(), "inode " + file.inode);
            journal.dirtyBeforeChange(file.inode);
            int written = cache.write(file.inode, bytes, offset);
            source.position(source.position() + written);
            journal.journalIfMissing(catalog.recordWrite(file.inode, offset + written, clock.instant()));
            file.written = true;
            return written;
        });
    }

    /** See {@link Namespace#flush}. */
    void flush(long handle) {
        OpenFile file = handles.get(handle);
        run("flush", "inode " + file.inode, () -> persist(file));
    }

    /** See {@link Namespace#release}. */
    void release(long handle) {
        OpenFile file = handles.remove(handle);
        try {
            run("release", "inode " + file.inode, () -> persist(file));
        } finally {
            cache.release(file.inode);
        }
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
                if (size == 0) {
                    journal.dirtyBeforeChange(inode.id());
                    cache.create(inode.id());
                } else {
                    recalls.makeWholeFileCached(inode, path);
                    journal.dirtyBeforeChange(inode.id());
                    cache.truncate(inode.id(), size);
                }
                journal.journalIfMissing(catalog.setSize(inode.id(), size, clock.instant()));
            } finally {
                cache.release(inode.id());
            }
        });
    }

    /** Makes written bytes durable (fsync) and brings the dirty journal's size and times up to date. */
    private void persist(OpenFile file) {
        if (!file.written) {
            return;
        }
        cache.sync(file.inode);
        catalog.get(file.inode).filter(Inode::isDirty).ifPresent(journal::write);
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
