package io.tapelib.gateway.fs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.jboss.logging.Logger;

/**
 * The kernel's side of the mount: which FUSE node id the kernel holds for a name, and telling it to drop the
 * attributes it cached for a node id.
 *
 * <p>libfuse's high-level API (2.9 and 3.x) gives every name its own node id (lib/fuse.c: one {@code struct node} per parent and
 * name), so the kernel holds one inode per name even for the names of one hard-linked file. The node id of a name is
 * read back from the kernel, never from libfuse (which keeps its table to itself): {@code name_to_handle_at(2)} of a
 * FUSE name gives a handle of type 0x81 whose first two 32-bit words are the node id (Linux fs/fuse/inode.c,
 * {@code fuse_encode_fh}). libfuse 3's high-level API does the same (lib/fuse.c of 3.x: {@code struct node} still per parent
 * and name). The attributes are dropped with libfuse's {@code fuse_lowlevel_notify_inval_inode} ({@link KernelNotifier})
 * and a negative offset (attributes only, no page cache; the kernel takes no lock for it, so it may be sent from inside a
 * filesystem operation, fs/fuse/inode.c {@code fuse_reverse_inval_inode}).
 *
 * <p>{@link #cachedNode} resolves the name with {@code openat2(2)}'s {@code RESOLVE_CACHED}: only from the kernel's
 * dentry cache, in RCU mode, with no request to this filesystem and no directory lock, so it is safe on a FUSE thread
 * in the middle of an operation that holds directory locks. Thread-safe.
 */
final class KernelInodes {
    private static final Logger LOG = Logger.getLogger(KernelInodes.class);

    /** x86-64 and arm64 share the generic syscall number of openat2 (Linux include/uapi/asm-generic/unistd.h). */
    private static final long SYS_OPENAT2 = 437;
    private static final int AT_FDCWD = -100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final long O_PATH = 010000000;
    private static final long O_NOFOLLOW = 0400000;
    private static final long O_CLOEXEC = 02000000;
    private static final long O_DIRECTORY = 0200000;
    /** The longest piece of a path given to one openat2 (bytes; the kernel's PATH_MAX is 4096). */
    private static final int PIECE_BYTES = 3072;
    /** openat2's resolve flag (include/uapi/linux/openat2.h). */
    private static final long RESOLVE_CACHED = 0x20;
    /** statx(2): the fields the kernel's permission checks read (include/uapi/linux/stat.h). */
    private static final int STATX_MODE_UID_GID = 0x2 | 0x8 | 0x10;
    private static final int STATX_BUFFER_SIZE = 256;
    private static final int OPEN_HOW_SIZE = 24;
    /** FUSE's handle type for a name without its parent (fs/fuse/inode.c, fuse_encode_fh). */
    private static final int FUSE_HANDLE_TYPE = 0x81;
    private static final int HANDLE_CAPACITY = 128;
    private static final int EAGAIN = 11;

    /** The libc calls needed; {@code syscall} is declared with fixed arguments (integer and pointer ones only). */
    public interface LibC {
        int syscall(long number, int dirfd, String path, Pointer how, long size);

        int name_to_handle_at(int dirfd, String path, Pointer handle, Pointer mountId, int flags);

        int statx(int dirfd, String path, int flags, int mask, Pointer buffer);

        int close(int fd);
    }

    private final Path mountPoint;
    private final LibC libc;
    private final KernelNotifier notifier;
    private final Runtime runtime;
    /** The mount's root, opened at the first walk ({@link #root}); -1 before and after. */
    private volatile int root = -1;
    /** Set by {@link #close}: the root is not opened again. */
    private boolean closed;

    /**
     * @param mountPoint the mount point as the kernel lists it
     * @param notifier   the libfuse the mount runs on, to send notifications with
     */
    KernelInodes(Path mountPoint, KernelNotifier notifier) {
        this.mountPoint = mountPoint;
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.notifier = notifier;
        this.runtime = Runtime.getRuntime(libc);
    }

    /**
     * The node id the kernel holds for {@code path}, when every component of it is in the kernel's dentry cache and
     * needs no revalidation, and every directory on the way has valid attributes for the permission check; empty
     * otherwise. A name not in the cache is looked up again, with fresh attributes, before it is used.
     */
    OptionalLong cachedNode(String path) {
        int fd = walk(path, true);
        if (fd < 0) {
            return OptionalLong.empty();
        }
        try {
            return nodeOf(fd);
        } finally {
            libc.close(fd);
        }
    }

    /**
     * Brings the kernel's attributes of a directory of the mount and of the directories above it up to date (a
     * change in a directory drops them, and a cached lookup then stops at its permission check). An ordinary path
     * walk: it may send lookups and getattrs to this filesystem and wait for directory locks, so never call it on a
     * FUSE thread.
     *
     * @return false when the walk fails (the directory is gone, or the gateway may not search it)
     */
    boolean refreshDirectory(String path) {
        int fd = walk(path, false);
        if (fd < 0) {
            return false;
        }
        try {
            Pointer buffer = Memory.allocateDirect(runtime, STATX_BUFFER_SIZE, true);
            return libc.statx(fd, "", AT_EMPTY_PATH, STATX_MODE_UID_GID, buffer) == 0;
        } finally {
            libc.close(fd);
        }
    }

    /** Closes the descriptor of the mount's root; call before unmounting (it keeps the mount busy). */
    synchronized void close() {
        closed = true;
        if (root >= 0) {
            libc.close(root);
            root = -1;
        }
    }

    /**
     * Opens ({@code O_PATH}, not following a final symlink) the absolute path {@code path} of the mount, from the
     * mount's root, in pieces of at most {@link #PIECE_BYTES}: a catalog path may be longer than the kernel takes in
     * one call (PATH_MAX, 4096 bytes), though every name in it was reached by a shorter relative one.
     *
     * @param cached only from the dentry cache ({@code RESOLVE_CACHED})
     * @return the descriptor, or -1
     */
    private int walk(String path, boolean cached) {
        int fd = root();
        if (fd < 0) {
            return -1;
        }
        String rest = path.startsWith("/") ? path.substring(1) : path;
        if (rest.isEmpty()) {
            rest = ".";
        }
        boolean ownsFd = false;
        try {
            while (rest.getBytes(StandardCharsets.UTF_8).length > PIECE_BYTES) {
                // in characters: a UTF-8 character takes at most 4 bytes; a name is at most 255 bytes, so one fits
                int cut = rest.lastIndexOf('/', PIECE_BYTES / 4);
                if (cut <= 0) {
                    return -1;
                }
                int next = openat2(fd, rest.substring(0, cut), O_PATH | O_DIRECTORY | O_CLOEXEC, cached);
                if (ownsFd) {
                    libc.close(fd);
                }
                if (next < 0) {
                    ownsFd = false;
                    return -1;
                }
                fd = next;
                ownsFd = true;
                rest = rest.substring(cut + 1);
            }
            return openat2(fd, rest, O_PATH | O_NOFOLLOW | O_CLOEXEC, cached);
        } finally {
            if (ownsFd) {
                libc.close(fd);
            }
        }
    }

    private int openat2(int directory, String path, long flags, boolean cached) {
        Pointer how = Memory.allocateDirect(runtime, OPEN_HOW_SIZE, true);
        how.putLong(0, flags);
        how.putLong(16, cached ? RESOLVE_CACHED : 0);
        int fd = libc.syscall(SYS_OPENAT2, directory, path, how, OPEN_HOW_SIZE);
        if (fd < 0) {
            int errno = runtime.getLastError();
            if (errno != EAGAIN) {
                LOG.debugf("openat2 of %s in the mount failed: errno %d", path, errno);
            }
        }
        return fd;
    }

    /**
     * The descriptor of the mount's root, opened at the first call: the walk to the mount point crosses into this
     * filesystem's root, which the kernel holds without asking it.
     */
    private int root() {
        int fd = root;
        if (fd >= 0) {
            return fd;
        }
        synchronized (this) {
            if (root < 0 && !closed) {
                root = openat2(AT_FDCWD, mountPoint.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, false);
            }
            return root;
        }
    }

    /**
     * Takes what libfuse needs for notifications from the callback running on this thread ({@link KernelNotifier#take});
     * a later call may come from any thread.
     *
     * @return false when this thread is in no callback and nothing was taken before
     */
    boolean takeChannel() {
        return notifier.take();
    }

    /**
     * Tells the kernel that the attributes it cached for {@code node} are stale: the next stat asks this filesystem.
     *
     * @return 0, or the negated errno libfuse answered (-ENOENT: the kernel no longer holds the node)
     */
    int invalidateAttributes(long node) {
        return notifier.invalidateAttributes(node);
    }

    private OptionalLong nodeOf(int fd) {
        Pointer handle = Memory.allocateDirect(runtime, 8 + HANDLE_CAPACITY, true);
        handle.putInt(0, HANDLE_CAPACITY);
        Pointer mountId = Memory.allocateDirect(runtime, 8, true);
        if (libc.name_to_handle_at(fd, "", handle, mountId, AT_EMPTY_PATH) != 0) {
            LOG.debugf("name_to_handle_at failed: errno %d", runtime.getLastError());
            return OptionalLong.empty();
        }
        if (handle.getInt(4) != FUSE_HANDLE_TYPE || handle.getInt(0) < 8) {
            return OptionalLong.empty();
        }
        long high = handle.getInt(8) & 0xFFFF_FFFFL;
        long low = handle.getInt(12) & 0xFFFF_FFFFL;
        return OptionalLong.of(high << 32 | low);
    }
}
