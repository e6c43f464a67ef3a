package io.tapelib.gateway.catalog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The catalog's backup directory (shared/DESIGN.md section 7, CATALOG_BACKUP_DIR): whole copies of the catalog
 * named {@code catalog-<UTC time>.db}, the newest {@link #KEEP} kept. A copy is written to a temporary file,
 * synced, then renamed into place, so a file with a backup's name is always a complete backup. Not thread-safe:
 * one thread takes backups ({@link BackupRequests}).
 */
public final class CatalogBackups {
    /** How many backups are kept. */
    public static final int KEEP = 3;
    static final String PREFIX = "catalog-";
    static final String SUFFIX = ".db";
    /** Sorts the same as time: fixed width, UTC, down to the millisecond. */
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Clock clock;

    /** Backups go to {@code dir} (created on the first backup); {@code clock} names them. */
    public CatalogBackups(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** The backup directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Takes one backup of {@code catalog} and removes all but the newest {@link #KEEP}.
     *
     * @return the new backup's file
     * @throws CatalogException when SQLite's backup fails
     * @throws IOException      when the directory cannot be written, synced or pruned
     */
    public Path take(Catalog catalog) throws IOException {
        Files.createDirectories(dir);
        Path temporary = dir.resolve(".taking-" + PREFIX + STAMP.format(clock.instant()) + SUFFIX);
        Path target = dir.resolve(PREFIX + STAMP.format(clock.instant()) + SUFFIX);
        try {
            catalog.backupTo(temporary);
            sync(temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temporary);
        }
        List<Path> all = newestFirst();
        for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
            Files.deleteIfExists(old);
        }
        return target;
    }

    /**
     * The complete backups, newest first (by the time in their names); empty when the directory does not exist.
     *
     * @throws IOException when the directory cannot be listed
     */
    public List<Path> newestFirst() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(f);
                    })
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed())
                    .toList();
        }
    }

    static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Makes a rename durable (POSIX: the directory entry is on disk only once the directory is synced). */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
