package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.library.AtomicFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import jnr.ffi.LibraryLoader;

/**
 * Forces the records a virtual drive buffered since its last synchronous filemark to stable storage. A record is one
 * file of the cartridge's directory (the LTFS reference backend's layout), so a batch of 1 GiB at LTFS's 512 KiB block
 * size leaves about 2,000 files to force. An fsync per file costs one journal commit and one device cache flush each
 * (measured on this project's 2-core VM: 0.8 to 1.2 s for 1,024 records of 512 KiB, against 0.2 s for one syncfs);
 * so above {@link #PER_FILE_LIMIT} records the whole filesystem holding the directory is written out with one
 * syncfs(2) (libc through jnr-ffi, which the st driver's bindings already bring). A few records (an index, a
 * filemark's attributes) are forced one by one, which does not write out unrelated data sharing the filesystem.
 * Where libc cannot be bound, every record is forced one by one.
 */
final class RecordSync {
    /** Records up to which an fsync each is cheaper than writing out the whole filesystem. */
    static final int PER_FILE_LIMIT = 16;
    /** O_RDONLY | O_DIRECTORY | O_CLOEXEC (asm-generic/fcntl.h). */
    private static final int OPEN_FLAGS = 0200000 | 02000000;

    /** The libc calls syncfs needs; jnr-ffi binds them by name. */
    public interface LibC {
        int open(String path, int flags);

        int syncfs(int fd);

        int close(int fd);
    }

    /** Null when libc could not be bound: records are forced one by one. */
    private final LibC libc;

    RecordSync() {
        LibC bound;
        try {
            bound = LibraryLoader.create(LibC.class).load("c");
        } catch (UnsatisfiedLinkError | RuntimeException noLibc) {
            bound = null;
        }
        this.libc = bound;
    }

    /**
     * Makes {@code files} (records and attribute files written since the last call; a file deleted since is skipped)
     * and the entries of {@code directory} durable.
     *
     * @throws IOException when a file or the directory cannot be forced, or syncfs(2) fails (errno in the message)
     */
    void sync(Path directory, List<Path> files) throws IOException {
        List<Path> inDirectory = files.stream().filter(file -> directory.equals(file.getParent())).toList();
        if (libc == null || inDirectory.size() <= PER_FILE_LIMIT) {
            for (Path file : files) {
                force(file);
            }
        } else {
            for (Path file : files) {
                if (!directory.equals(file.getParent())) {
                    force(file);
                }
            }
            syncFilesystem(directory);
        }
        AtomicFile.forceDirectory(directory);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (NoSuchFileException discardedSinceWritten) {
            // A later write in the middle discarded it: nothing to keep.
        }
    }

    private void syncFilesystem(Path directory) throws IOException {
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
