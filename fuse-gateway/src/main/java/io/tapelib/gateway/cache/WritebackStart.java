package io.tapelib.gateway.cache;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import jnr.ffi.LibraryLoader;

/**
 * Starts the disk writes of an object's dirty pages while its writer goes on: sync_file_range(2) with
 * {@code SYNC_FILE_RANGE_WRITE} through libc (jnr-ffi, which jnr-fuse already brings), once per {@link #CHUNK_BYTES}
 * written. Why: the kernel leaves a file's dirty pages in memory until dirty_background_ratio (10% of RAM) or 30 s,
 * so a large write followed by fsync (cp, dd conv=fsync, an application's checkpoint) first filled memory and then
 * waited for the whole file to reach the disk; started as the bytes arrive, the disk works while the writer does and
 * fsync has only the last chunk left. It promises nothing: durability stays fsync's, the commit's and DURABILITY=close's
 * (sync_file_range makes neither the metadata nor a disk cache stable), so a failure is logged and ignored. Linux only,
 * as the mount is.
 */
final class WritebackStart {
    /** Bytes written to one object between two starts: large enough for a handful of calls per second at disk speed. */
    static final long CHUNK_BYTES = 8L << 20;

    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());
    /** O_RDONLY | O_CLOEXEC (asm-generic/fcntl.h); sync_file_range acts on the file, whatever the descriptor's mode. */
    private static final int OPEN_FLAGS = 02000000;
    /** SYNC_FILE_RANGE_WRITE (linux/fs.h): start writing dirty pages not under writeback yet, without waiting. */
    private static final int SYNC_FILE_RANGE_WRITE = 2;

    /** The few libc calls needed; jnr-ffi binds them by name. */
    public interface LibC {
        int open(String path, int flags);

        int sync_file_range(int fd, long offset, long nbytes, int flags);

        int close(int fd);
    }

    private final LibC libc;

    /** @throws UnsatisfiedLinkError when libc cannot be loaded */
    WritebackStart() {
        this.libc = LibraryLoader.create(LibC.class).load("c");
    }

    /** Starts writing every dirty page of {@code file} to its disk; returns at once when the device queue has room. */
    void start(Path file) {
        int fd = libc.open(file.toString(), OPEN_FLAGS);
        if (fd < 0) {
            // removed or truncated meanwhile (delete, O_TRUNC): nothing of it left to write early
            LOG.log(Level.FINE, () -> "cannot open " + file + " to start its writeback: errno " + lastError());
            return;
        }
        try {
            if (libc.sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE) != 0) {
                LOG.log(Level.FINE, () -> "sync_file_range of " + file + " failed: errno " + lastError());
            }
        } finally {
            libc.close(fd);
        }
    }

    private int lastError() {
        return jnr.ffi.Runtime.getRuntime(libc).getLastError();
    }
}
