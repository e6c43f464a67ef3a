package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The object files on disk: {@code objects/<inode id>} for a complete object, {@code objects/<inode id>.part} for a
 * recall in progress (renamed when complete, so a crash never leaves a half-recalled object that looks complete),
 * and the channels opened on them. Named by inode id, never by path (shared/DESIGN.md section 2).
 * Called with the store's lock held; knows nothing of sizes or eviction.
 */
final class ObjectFiles {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());
    private static final String PART_SUFFIX = ".part";

    private final Path directory;

    ObjectFiles(Path directory) {
        this.directory = directory;
    }

    /**
     * What a start-up scan found: complete objects (oldest modification first) and inodes with a {@code <inode>.dirty}
     * record file (the journal of before session 16; {@link DirtyMarks#load} takes them into the {@link DirtyLog}).
     */
    record Scan(List<Path> complete, List<Long> journals) {
    }

    /**
     * Creates the directory if needed, deletes half-recalled {@code .part} and temporary files, and lists the rest.
     *
     * @throws IOException when the directory cannot be created, read or cleaned
     */
    Scan scan() throws IOException {
        Files.createDirectories(directory);
        List<Path> complete = new ArrayList<>();
        List<Long> journals = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(PART_SUFFIX) || name.endsWith(".tmp")) {
                    Files.delete(file);
                } else if (name.endsWith(DirtyJournal.SUFFIX)) {
                    journals.add(Long.parseLong(name.substring(0, name.length() - DirtyJournal.SUFFIX.length())));
                } else if (name.chars().allMatch(Character::isDigit)) {
                    complete.add(file);
                }
            }
        }
        complete.sort(Comparator.comparing(file -> {
            try {
                return Files.getLastModifiedTime(file);
            } catch (IOException e) {
                throw new CacheException("cannot stat " + file + ": " + e.getMessage(), e);
            }
        }));
        return new Scan(complete, journals);
    }

    Path directory() {
        return directory;
    }

    Path objectFile(long inode) {
        return directory.resolve(Long.toString(inode));
    }

    Path partFile(long inode) {
        return directory.resolve(inode + PART_SUFFIX);
    }

    /** True when the complete object's file exists on disk (it may have been deleted behind the cache's back). */
    boolean objectExists(long inode) {
        return Files.isRegularFile(objectFile(inode));
    }

    /** The object's open channel, opening the object (or, during a recall, its part file) if needed. */
    FileChannel channel(CachedObject object) {
        if (object.channel == null) {
            Path file = object.recall != null ? partFile(object.inode) : objectFile(object.inode);
            try {
                object.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new CacheException("cannot open cache object " + file + ": " + e.getMessage(), e);
            }
        }
        return object.channel;
    }

    /** Opens a new, empty part file for a recall, replacing the object's channel. */
    void openPart(CachedObject object) {
        closeChannel(object);
        try {
            object.channel = FileChannel.open(partFile(object.inode), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new CacheException("cannot create " + partFile(object.inode) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the object empty (for a new file or O_TRUNC); other handles keep their open channel. Not synced: like
     * every write, it reaches stable storage at fsync, at the next commit, or at close with DURABILITY=close.
     */
    void empty(CachedObject object) throws IOException {
        if (object.channel != null) {
            object.channel.truncate(0);
        } else if (object.openCount > 0) {
            // a handle will write it (a new file, an O_TRUNC open): one open(2) for the create and its writes, closed
            // with the last handle as every channel is
            object.channel = FileChannel.open(objectFile(object.inode), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            FileChannel.open(objectFile(object.inode), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING).close();
        }
    }

    /**
     * Makes a complete part file the object: forced to disk, then renamed atomically.
     *
     * @throws IOException the part file cannot be forced or renamed, or the cache was closed while the recall
     *                     was completing
     */
    void promotePart(CachedObject object) throws IOException {
        if (object.channel == null) {
            throw new IOException("the cache was closed");
        }
        object.channel.force(true);
        Files.move(partFile(object.inode), objectFile(object.inode), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes a recall's part file; a failure is logged (a restart's scan deletes it). */
    void deletePart(long inode) {
        try {
            Files.deleteIfExists(partFile(inode));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + partFile(inode) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the object and any part file. */
    void deleteAll(long inode) throws IOException {
        Files.deleteIfExists(objectFile(inode));
        Files.deleteIfExists(partFile(inode));
    }

    /** Closes the object's channel when no handle and no recall use it. */
    void closeChannelIfUnused(CachedObject object) {
        if (object.openCount == 0 && object.recall == null) {
            closeChannel(object);
        }
    }

    static void closeChannel(CachedObject object) {
        if (object.channel != null) {
            try {
                object.channel.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing cache object of inode " + object.inode + ": " + e.getMessage(), e);
            }
            object.channel = null;
        }
    }
}
