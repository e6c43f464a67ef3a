package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;

/**
 * syncfs(2) through libc (jnr-ffi, which jnr-fuse already brings): writes out every dirty page and inode of the
 * filesystem holding a path in one call and one journal commit, where an fsync per file written since the last commit
 * would cost one journal commit each (tens of thousands per commit interval when small files are created). Linux
 * only, as the mount is.
 */
final class FilesystemSync {
    /** O_RDONLY | O_DIRECTORY | O_CLOEXEC (asm-generic/fcntl.h). */
    private static final int OPEN_FLAGS = 0 | 0200000 | 02000000;

    /** The few libc calls needed; jnr-ffi binds them by name. */
    public interface LibC {
        int open(String path, int flags);

        int syncfs(int fd);

        int close(int fd);
    }

    private final LibC libc;

    /** @throws UnsatisfiedLinkError when libc cannot be loaded */
    FilesystemSync() {
        this.libc = LibraryLoader.create(LibC.class).load("c");
    }

    /**
     * Makes everything written to the filesystem holding {@code directory} durable.
     *
     * @throws IOException when the directory cannot be opened or syncfs(2) fails (the errno is in the message)
     */
    void sync(Path directory) throws IOException {
        int fd = libc.open(directory.toAbsolutePath().toString(), OPEN_FLAGS);
        if (fd < 0) {
            throw new IOException("cannot open " + directory + ": errno " + lastError());
        }
        try {
            if (libc.syncfs(fd) != 0) {
                throw new IOException("syncfs of " + directory + " failed: errno " + lastError());
            }
        } finally {
            libc.close(fd);
        }
    }

    private int lastError() {
        return jnr.ffi.Runtime.getRuntime(libc).getLastError();
    }
}
