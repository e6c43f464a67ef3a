package io.tapelib.controller.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on a library directory, so that the running controller and the {@code import} command
 * never drive the same library at once. The lock is an OS file lock ({@link FileChannel#tryLock()}, fcntl on
 * Linux) on {@value #LOCK_FILE_NAME}; it disappears with the process, so a crash never leaves a stale lock.
 * The file's text names the holder for the error message of whoever comes second.
 */
public final class LibraryLock implements AutoCloseable {

    /** Name of the lock file inside the library directory. */
    public static final String LOCK_FILE_NAME = "tapelib.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private LibraryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock without waiting.
     *
     * @param libraryDirectory the library directory (created when missing)
     * @param holder           who takes the lock, in words an operator understands (e.g. "tape-controller server")
     * @throws LibraryInUseException the lock is held; the message names the holder as it wrote itself down
     * @throws UncheckedIOException  the lock file cannot be created or written
     */
    public static LibraryLock acquire(Path libraryDirectory, String holder) {
        Path file = libraryDirectory.resolve(LOCK_FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(libraryDirectory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldByThisProcess) {
                lock = null;
            }
            if (lock == null) {
                String current = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new LibraryInUseException("the tape library " + libraryDirectory + " is in use by "
                        + (current.isEmpty() ? "another process" : current) + " (lock file " + file + ")");
            }
            String text = holder + ", pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new LibraryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot take the lock file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases the lock anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
