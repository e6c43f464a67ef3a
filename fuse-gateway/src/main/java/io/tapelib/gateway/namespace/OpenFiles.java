package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The mount's open file handles: numbered from 1, held in a concurrent map, EBADF for one that is not open. */
final class OpenFiles {
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final Map<Long, OpenFile> handles = new ConcurrentHashMap<>();

    /** One open handle: which inode, whether it may write and has written, and how its recall failed. */
    static final class OpenFile {
        final long inode;
        final boolean writable;
        volatile boolean written;
        /**
         * Why this handle's recall failed: later reads on the handle fail at once with it, so RECALL_TIMEOUT bounds
         * a reader's wait however many read calls it (or the kernel's read-ahead) makes; a new open tries again.
         */
        volatile String recallFailure;
        /** The row a create made, until the first getattr through this handle takes it (the create's reply). */
        volatile Inode created;

        OpenFile(long inode, boolean writable) {
            this.inode = inode;
            this.writable = writable;
        }
    }

    /** Registers a handle on an inode the caller has already pinned with {@link CacheStore#acquire}. */
    long register(long inode, boolean writable) {
        long handle = nextHandle.getAndIncrement();
        handles.put(handle, new OpenFile(inode, writable));
        return handle;
    }

    /** The open handle, or null when it is not open. */
    OpenFile find(long handle) {
        return handles.get(handle);
    }

    /** The open handle; EBADF when it is not open. */
    OpenFile get(long handle) {
        return require(handles.get(handle), handle);
    }

    /** Forgets the handle (closed); EBADF when it was not open. */
    OpenFile remove(long handle) {
        return require(handles.remove(handle), handle);
    }

    private static OpenFile require(OpenFile file, long handle) {
        if (file == null) {
            throw new NamespaceException(Errno.EBADF, "no open handle " + handle);
        }
        return file;
    }
}
