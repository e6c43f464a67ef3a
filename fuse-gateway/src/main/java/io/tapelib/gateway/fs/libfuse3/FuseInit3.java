package io.tapelib.gateway.fs.libfuse3;

import jnr.ffi.Pointer;

/**
 * The two structures libfuse 3 hands the {@code init} callback, written on their memory (LP64 Linux; offsets checked
 * with {@code offsetof} against the libfuse 3.14 headers).
 *
 * <p>{@code struct fuse_config} (fuse.h): {@code int set_gid; unsigned gid; int set_uid; unsigned uid; int set_mode;
 * unsigned umask;} then {@code double entry_timeout} at 24, {@code negative_timeout} at 32, {@code attr_timeout} at 40,
 * {@code int intr, intr_signal, remember, hard_remove} at 48..60, {@code use_ino} at 64, {@code readdir_ino} at 68,
 * {@code direct_io} at 72, {@code kernel_cache} at 76, ... {@code nullpath_ok} at 104.
 *
 * <p>{@code struct fuse_conn_info} (fuse_common.h): {@code unsigned proto_major, proto_minor, max_write, max_read,
 * max_readahead, capable, want, ...} at 0, 4, 8, 12, 16, 20, 24.
 */
public final class FuseInit3 {
    private static final int ENTRY_TIMEOUT = 24;
    private static final int NEGATIVE_TIMEOUT = 32;
    private static final int ATTR_TIMEOUT = 40;
    private static final int USE_INO = 64;
    private static final int KERNEL_CACHE = 76;

    private static final int MAX_WRITE = 8;
    private static final int MAX_READAHEAD = 16;
    private static final int CAPABLE = 20;
    private static final int WANT = 24;

    /** FUSE_CAP_READDIRPLUS (fuse_common.h): READDIRPLUS requests. */
    public static final int CAP_READDIRPLUS = 1 << 13;
    /** FUSE_CAP_READDIRPLUS_AUTO (fuse_common.h): the kernel chooses between READDIR and READDIRPLUS. */
    public static final int CAP_READDIRPLUS_AUTO = 1 << 14;
    /** FUSE_CAP_PARALLEL_DIROPS (fuse_common.h): lookups and readdirs of one directory run in parallel. */
    public static final int CAP_PARALLEL_DIROPS = 1 << 18;

    private FuseInit3() {
    }

    /**
     * The high-level caching settings: kernel entry, negative-entry and attribute timeouts in seconds, {@code use_ino}
     * (st_ino is the filesystem's own) and {@code kernel_cache} (the page cache of a file is kept across opens).
     */
    public static void configure(Pointer config, double entryTimeout, double negativeTimeout, double attrTimeout,
                                 boolean useIno, boolean kernelCache) {
        config.putDouble(ENTRY_TIMEOUT, entryTimeout);
        config.putDouble(NEGATIVE_TIMEOUT, negativeTimeout);
        config.putDouble(ATTR_TIMEOUT, attrTimeout);
        config.putInt(USE_INO, useIno ? 1 : 0);
        config.putInt(KERNEL_CACHE, kernelCache ? 1 : 0);
    }

    /** The largest WRITE request, bytes (libfuse 3 caps it at its buffer: 256 pages, 1 MiB on 4 KiB pages). */
    public static void setMaxWrite(Pointer connection, int bytes) {
        connection.putInt(MAX_WRITE, bytes);
    }

    /**
     * The most read-ahead the kernel is to do, bytes. The kernel lowers its read-ahead to this and never raises it
     * (fs/fuse/inode.c, process_init_reply: the minimum with the backing device's {@code read_ahead_kb}); libfuse
     * starts from the kernel's offer, the device's setting when the mount was made.
     */
    public static void setMaxReadahead(Pointer connection, int bytes) {
        connection.putInt(MAX_READAHEAD, bytes);
    }

    /** The capabilities the kernel and libfuse offer (FUSE_CAP_* bits). */
    public static int capable(Pointer connection) {
        return connection.getInt(CAPABLE);
    }

    /** Turns the given FUSE_CAP_* bits on in {@code want} (only those in {@link #capable} take effect). */
    public static void want(Pointer connection, int capabilities) {
        connection.putInt(WANT, connection.getInt(WANT) | (capabilities & capable(connection)));
    }

    /** Turns the given FUSE_CAP_* bits off in {@code want}. */
    public static void unwant(Pointer connection, int capabilities) {
        connection.putInt(WANT, connection.getInt(WANT) & ~capabilities);
    }
}
