package io.tapelib.gateway.fs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.kenai.jffi.MemoryIO;
import io.tapelib.gateway.fs.libfuse3.DirectoryFiller;
import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.NamespaceException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * <p>The kernel keeps the listings it read ({@code cache_readdir}, FOPEN_CACHE_DIR, on every open directory) and
 * answers a later open's reads itself when that open says so ({@code keep_cache}; without it the kernel drops what it
 * kept and asks again). {@link #open} says so only while nothing the kernel was told can have changed: the directory's
 * listing, as the namespace answers it now, is the very listing (same entries, same attributes: listings are kept
 * immutable, and any change committed to an entry or its attributes drops it, {@code catalog.ListingChanges}) that
 * last went to the kernel whole, every entry with its attributes, less than {@code keptFor} ago; the kernel keeps
 * those entries' names and attributes for the mount's entry and attribute timeouts, so a stat after a listing it
 * answered itself asks nothing either. A change made at the mount also makes the kernel drop its listing by itself
 * (fs/fuse/dir.c, fuse_dir_changed). So a warm find costs an OPENDIR and a RELEASEDIR per directory.
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
    /** Directories whose last listing sent is remembered (memory; forgetting one only costs a listing again). */
    static final int MAX_SENT = 65_536;

    private final MountOperations operations;
    private final Runtime runtime = Runtime.getSystemRuntime();
    /** The listing each open directory read at its first request, by handle. */
    private final Map<Long, Reading> open = new ConcurrentHashMap<>();
    /**
     * By path, the listing that last went to the kernel whole with every entry's attributes, while it is younger than
     * the window; weakly held, so that no listing outlives the namespace's own cache of it here (gone: not kept).
     */
    private final Cache<String, Sent> sent;
    private final long keptForNanos;
    private final AtomicLong handles = new AtomicLong();
    /** Native memory for one entry's name and stat, per libfuse worker thread (kept for the thread's life). */
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(runtime));

    /**
     * @param keptFor how long after a listing went to the kernel whole the kernel may answer it itself: less than the
     *                mount's entry and attribute timeouts, so that the entries it names are still known to it
     */
    Fuse3Directories(MountOperations operations, Duration keptFor) {
        this.operations = operations;
        this.keptForNanos = keptFor.toNanos();
        this.sent = Caffeine.newBuilder().expireAfterWrite(keptFor).maximumSize(MAX_SENT).build();
    }

    /** What opendir answers: the handle, and whether the kernel may answer this open's reads from its own copy. */
    record Opened(long handle, boolean keepListing) {
    }

    /**
     * opendir: a handle for the directory's listing, kept from its first readdir to {@link #release}, and whether the
     * kernel may keep the listing it holds (see the class comment).
     */
    Opened open(String path) {
        long handle = handles.incrementAndGet();
        Sent last = sent.getIfPresent(path);
        DirectoryListing listing = last == null ? null : last.listing.get();
        if (listing == null || System.nanoTime() - last.startedNanos >= keptForNanos) {
            return new Opened(handle, false);
        }
        try {
            return new Opened(handle, operations.listingWithAttributes(path) == listing);
        } catch (NamespaceException e) {
            return new Opened(handle, false); // readdir answers the error
        }
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
        Reading reading = position == 0 ? null : open.get(handle);
        DirectoryListing kept;
        DirectoryListing attributes = null;
        if (reading == null) {
            long started = System.nanoTime();
            kept = plus ? operations.listingWithAttributes(path) : operations.listing(path);
            reading = new Reading(kept, started, position == 0 && plus);
            open.put(handle, reading);
            attributes = plus ? kept : null;
        } else {
            kept = reading.listing;
            if (position >= kept.size() + 2L) {
                return 0; // the end: nothing to send, no listing to read for it
            }
            if (plus) {
                attributes = current(path, kept);
            }
            if (attributes != kept) {
                reading.whole = false;
            }
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
                reading.whole = false;
            }
            if (fill.add(memory.name(kept, i), memory.statMemory.address(), i + 3L, flags) != 0) {
                return 0;
            }
        }
        if (reading.whole) {
            sent.put(path, new Sent(new WeakReference<>(kept), reading.startedNanos));
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

    /** One open directory's listing, when its first request came, and whether all of it went with attributes so far. */
    private static final class Reading {
        final DirectoryListing listing;
        final long startedNanos;
        /** Read by libfuse's worker threads in turn, never at once (libfuse's lock on the directory handle). */
        volatile boolean whole;

        Reading(DirectoryListing listing, long startedNanos, boolean whole) {
            this.listing = listing;
            this.startedNanos = startedNanos;
            this.whole = whole;
        }
    }

    /** A listing that went to the kernel whole, and when its first entries went. */
    private record Sent(WeakReference<DirectoryListing> listing, long startedNanos) {
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
