package io.tapelib.gateway.fs;

import com.kenai.jffi.MemoryIO;
import io.tapelib.gateway.fs.libfuse3.DirectoryFiller;
import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import ru.serce.jnrfuse.struct.FileStat;

/**
 * opendir, readdir and releasedir of the libfuse 3 mount, with READDIRPLUS: each entry goes to the kernel with its
 * attributes where the namespace vouches for them ({@code Namespace#listingWithAttributes}), so that stat after a
 * listing (find, ls -l, du, rsync) needs no LOOKUP per entry; entries without them go as a plain directory entry and
 * the kernel looks them up.
 *
 * <p>libfuse 3.14 passes READDIRPLUS attributes only in its offset mode ({@link DirectoryFiller}): readdir is called
 * once per kernel request, at the position where the previous one stopped. So that positions stay meaningful while
 * the directory changes, each open directory keeps the listing its first request read (as libfuse's own buffer did):
 * position 0 is ".", 1 "..", {@code 2 + i} the listing's entry {@code i}, and the offset given with an entry is its
 * position + 1. A later request sends attributes only from a listing read for it ({@code DirectoryListing#sameEntries}
 * the kept one): the kernel takes attributes newer than the request's start, and a kept listing may be older.
 * A read from position 0 (rewinddir) reads the listing again.
 *
 * <p>Thread-safe: libfuse's worker threads call it at once, one call per open directory at a time (libfuse holds the
 * directory handle's lock around readdir).
 */
final class Fuse3Directories {
    /** {@code sizeof(struct stat)} on LP64 Linux (x86-64 and arm64). */
    private static final int STAT_SIZE = 144;
    /** Longest name at the mount, bytes (Linux NAME_MAX), plus the terminating NUL. */
    private static final int NAME_CAPACITY = 256;
    private static final byte[] DOT = ".\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOT_DOT = "..\0".getBytes(StandardCharsets.US_ASCII);

    private final MountOperations operations;
    private final Runtime runtime = Runtime.getSystemRuntime();
    /** The listing each open directory read at its first request, by handle. */
    private final Map<Long, DirectoryListing> open = new ConcurrentHashMap<>();
    private final AtomicLong handles = new AtomicLong();
    /** Native memory for one entry's name and stat, per libfuse worker thread (kept for the thread's life). */
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(runtime));

    Fuse3Directories(MountOperations operations) {
        this.operations = operations;
    }

    /** opendir: a handle for the directory's listing, kept from its first readdir to {@link #release}. */
    long open() {
        return handles.incrementAndGet();
    }

    /** releasedir: forgets the handle's listing. */
    void release(long handle) {
        open.remove(handle);
    }

    /**
     * Fills one kernel request from {@code position} on, until the request is full or the listing ends.
     *
     * @param plus whether the kernel asked for READDIRPLUS ({@link DirectoryFiller#READDIR_PLUS})
     * @return 0 (a full request is no error)
     */
    int read(String path, long handle, long position, boolean plus, DirectoryFiller fill) {
        DirectoryListing kept = position == 0 ? null : open.get(handle);
        DirectoryListing attributes = null;
        if (kept == null) {
            kept = plus ? operations.listingWithAttributes(path) : operations.listing(path);
            open.put(handle, kept);
            attributes = plus ? kept : null;
        } else if (plus) {
            attributes = current(path, kept);
        }
        Scratch memory = scratch.get();
        long at = position;
        if (at == 0) {
            if (fill.add(memory.name(DOT), 0, ++at, 0) != 0) {
                return 0;
            }
        }
        if (at == 1) {
            if (fill.add(memory.name(DOT_DOT), 0, ++at, 0) != 0) {
                return 0;
            }
        }
        for (int i = (int) (at - 2); i < kept.size(); i++) {
            int flags = 0;
            if (attributes != null && attributes.hasAttributes(i)) {
                FuseStructs.fillListedStat(attributes, i, memory.stat);
                flags = DirectoryFiller.PLUS;
            } else {
                FuseStructs.fillDirectoryEntry(kept.inode(i), kept.kind(i), memory.stat);
            }
            if (fill.add(memory.name(kept, i), memory.statMemory.address(), i + 3L, flags) != 0) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * The attributes for a request after the first: a listing read now when it has the kept one's entries, else none
     * (the entries go plain and are looked up).
     */
    private DirectoryListing current(String path, DirectoryListing kept) {
        try {
            DirectoryListing now = operations.listingWithAttributes(path);
            return now.sameEntries(kept) ? now : null;
        } catch (NamespaceException e) {
            return null; // gone meanwhile: the kept names still go, as readdir(3) allows
        }
    }

    /** One thread's native memory: a name buffer and a {@code struct stat}. */
    private static final class Scratch {
        final ByteBuffer name = ByteBuffer.allocateDirect(NAME_CAPACITY);
        final long nameAddress = MemoryIO.getInstance().getDirectBufferAddress(name);
        final Pointer statMemory;
        final FileStat stat;

        Scratch(Runtime runtime) {
            statMemory = Memory.allocateDirect(runtime, STAT_SIZE, true);
            stat = FileStat.of(statMemory);
        }

        long name(byte[] nulTerminated) {
            name.clear();
            name.put(nulTerminated);
            return nameAddress;
        }

        long name(DirectoryListing listing, int i) {
            name.clear();
            listing.copyName(i, name);
            return nameAddress;
        }
    }
}
