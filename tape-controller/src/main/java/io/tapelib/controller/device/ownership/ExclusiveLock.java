package io.tapelib.controller.device.ownership;

import java.io.IOException;
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
 * An exclusive, non-blocking lock on a file for the life of its holder: a POSIX record lock over the whole file
 * ({@link FileChannel#tryLock(long, long, boolean)}, fcntl(2) F_SETLK on Linux). The lock goes with the process,
 * so a crash never leaves a stale lock behind. Whoever comes second is refused with the holder named: the note the
 * holder wrote into a lock file ({@link #onLockFile}), otherwise the processes that procfs shows holding the file
 * ({@link ProcessTable}: pid and command line), or that none is visible. Used for device nodes ({@link DeviceOwnership}) and for the virtual
 * library's directory.
 */
public final class ExclusiveLock implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ExclusiveLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks an existing file, opened read-write (a device node: opening a SCSI generic node sends nothing to the
     * device, and the controller needs it read-write anyway).
     *
     * @param processes where to look for the holder when the file is locked
     * @throws LockHeldException            another process, or this one, holds the lock; names the holders found
     * @throws java.nio.file.NoSuchFileException    the file does not exist
     * @throws java.nio.file.AccessDeniedException  it may not be opened read-write
     * @throws IOException                  it cannot be opened or locked (the system's own words)
     */
    public static ExclusiveLock onExistingFile(Path file, ProcessTable processes) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = tryLock(file, channel, () -> processes.holdersOf(file).describe(file));
        return new ExclusiveLock(file, channel, lock);
    }

    /**
     * Locks a lock file, creating it and its directory when missing, and writes {@code holder}, this process's pid
     * and the time into it, so that whoever comes second reads who holds it (also when both run in one process, or
     * the holder's processes cannot be seen).
     *
     * @param holder    who takes the lock, in words an operator understands (e.g. "tape-controller server")
     * @param processes where to look for the holder when the file holds no note
     * @throws LockHeldException the lock is held; names the holder as it wrote itself down
     * @throws IOException       the lock file cannot be created, locked or written
     */
    public static ExclusiveLock onLockFile(Path file, String holder, ProcessTable processes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = tryLock(file, channel, () -> {
            String note = Files.readString(file, StandardCharsets.UTF_8).strip();
            return note.isEmpty() ? processes.holdersOf(file).describe(file) : note;
        });
        try {
            String note = holder + ", pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(note.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
        return new ExclusiveLock(file, channel, lock);
    }

    @FunctionalInterface
    private interface HolderLookup {
        String holder() throws IOException;
    }

    /** Takes the lock or closes the channel and throws: held (naming the holder) or the system's error. */
    private static FileLock tryLock(Path file, FileChannel channel, HolderLookup lookup) throws IOException {
        FileLock lock;
        boolean thisProcess = false;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, false);
        } catch (OverlappingFileLockException e) {
            lock = null;
            thisProcess = true;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        if (lock != null) {
            return lock;
        }
        String holder;
        try {
            holder = lookup.holder();
        } catch (IOException e) {
            holder = "another process";
        } finally {
            closeQuietly(channel);
        }
        throw new LockHeldException(file.toString(), holder, thisProcess);
    }

    /** The locked file. */
    public Path file() {
        return file;
    }

    /** Releases the lock and closes the file. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
