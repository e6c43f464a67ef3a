package io.tapelib.gateway.fs.libfuse3;

import jnr.ffi.Pointer;

/**
 * libfuse 3's {@code struct fuse_file_info} (fuse_common.h, 3.14) on LP64 little-endian Linux, read and written on
 * the memory libfuse passes. The layout, checked with {@code offsetof} against the 3.14 headers: {@code int flags} at
 * 0; the bit fields {@code writepage:1, direct_io:1, keep_cache:1, flush:1, nonseekable:1, flock_release:1,
 * cache_readdir:1, noflush:1, padding:24} share the 32-bit word at 4 (GCC allocates bit fields from the low-order bit
 * on little-endian targets, System V ABI), {@code padding2:32} the word at 8; {@code uint64_t fh} at 16,
 * {@code lock_owner} at 24, {@code uint32_t poll_events} at 32; 40 bytes in all.
 */
public final class FuseFileInfo3 {
    private static final int FLAGS = 0;
    private static final int BITS = 4;
    private static final int FH = 16;

    /** Bit of {@code direct_io}: reads and writes bypass the page cache (FOPEN_DIRECT_IO). */
    public static final int DIRECT_IO = 1 << 1;
    /**
     * Bit of {@code keep_cache}: the file's cached pages are kept at this open (FOPEN_KEEP_CACHE); at an opendir with
     * {@link #CACHE_READDIR}, the directory's kept listing is (without it the kernel drops it at the open).
     */
    public static final int KEEP_CACHE = 1 << 2;
    /** Bit of {@code cache_readdir}: the kernel caches the listing (FOPEN_CACHE_DIR; opendir only). */
    public static final int CACHE_READDIR = 1 << 6;
    /** Bit of {@code noflush}: close(2) sends no FLUSH request (FOPEN_NOFLUSH, kernel 5.13+). */
    public static final int NOFLUSH = 1 << 7;

    private FuseFileInfo3() {
    }

    /** open(2)'s flags. */
    public static int flags(Pointer info) {
        return info.getInt(FLAGS);
    }

    /** The filesystem's handle. */
    public static long handle(Pointer info) {
        return info.getLong(FH);
    }

    public static void setHandle(Pointer info, long handle) {
        info.putLong(FH, handle);
    }

    /** Sets bit fields given as the constants of this class (others are left as they are). */
    public static void set(Pointer info, int bits) {
        info.putInt(BITS, info.getInt(BITS) | bits);
    }
}
