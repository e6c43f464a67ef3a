package io.tapelib.controller.library;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The element state file of a virtual library ({@code library.json}) and the short lock every process that reads and
 * rewrites it holds meanwhile ({@value #LOCK_FILE_NAME}): the running controller for each changer command, and the
 * operator's {@code insert} and {@code eject} commands, which reach the import/export elements while the controller
 * runs (the library directory's own lock, {@link LibraryDirectory#LOCK_FILE_NAME}, stays with the controller for its
 * whole life). The lock is a POSIX record lock over the whole lock file ({@link FileChannel#tryLock()}, fcntl(2)
 * F_SETLK), so it goes with a process that dies. Each write raises the file's generation, so that a holder sees
 * whether someone else wrote since it last read.
 */
final class LibraryStateFile {

    /** Name of the state lock file inside the library directory. */
    static final String LOCK_FILE_NAME = "library-state.lock";
    /** Holders keep the lock for one read and one atomic rewrite (milliseconds); past this something is stuck. */
    static final Duration LOCK_DEADLINE = Duration.ofSeconds(10);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path file;
    private final Path lockFile;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** @param file the library's {@code library.json} */
    LibraryStateFile(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling(LOCK_FILE_NAME);
    }

    /** The state file. */
    Path path() {
        return file;
    }

    /** Whether the library has a state file (it was created). */
    boolean exists() {
        return Files.exists(file);
    }

    /**
     * Takes the state lock, waiting up to {@link #LOCK_DEADLINE} for another holder (another process, or another part
     * of this one) to release it.
     *
     * @throws IOException the lock file cannot be opened, or the lock was held past the deadline
     */
    Held lock() throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + LOCK_DEADLINE.toNanos();
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException heldInThisProcess) {
                    lock = null;
                }
                if (lock != null) {
                    return new Held(channel, lock);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("the element state lock " + lockFile + " was held for more than "
                            + LOCK_DEADLINE.toSeconds() + " s");
                }
                LockSupport.parkNanos(RETRY_NANOS);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the element state lock " + lockFile);
                }
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads the state as last written.
     *
     * @throws IOException the file cannot be read or does not describe a library
     */
    StoredLibrary read() throws IOException {
        StoredLibrary stored = json.readValue(file.toFile(), StoredLibrary.class);
        if (stored.storage().size() != stored.storageSlots()
                || stored.importExport().size() != stored.importExportSlots() || stored.drives().isEmpty()) {
            throw new IOException(file + ": element lists do not match the stored geometry");
        }
        return stored;
    }

    /**
     * Replaces the state atomically ({@link AtomicFile}); call it holding the lock.
     *
     * @throws IOException the directory cannot be written
     */
    void write(StoredLibrary stored) throws IOException {
        AtomicFile.write(file, json.writeValueAsBytes(stored));
    }

    /** The state lock, held until closed. */
    static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it as well
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
