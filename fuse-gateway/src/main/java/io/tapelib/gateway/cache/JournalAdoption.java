package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Takes dirty entries that start-up set aside (a journal the catalog did not match: the catalog was lost, or restored
 * from a backup older than the entry) back into the cache under the inode id a rebuilt catalog gave them. What is
 * left in those directories afterwards is only what could not be placed. Shares the store's lock.
 */
final class JournalAdoption {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());

    private final CacheLock lock;
    private final ObjectTable table;
    private final ObjectFiles files;
    private final DirtyMarks dirty;
    private final SetAside setAside;
    private final DirtyJournal journal;

    JournalAdoption(CacheLock lock, ObjectTable table, ObjectFiles files, DirtyMarks dirty, SetAside setAside) {
        this.lock = lock;
        this.table = table;
        this.files = files;
        this.dirty = dirty;
        this.setAside = setAside;
        this.journal = new DirtyJournal(files.directory());
    }

    /** See {@link CacheStore#unplaced}. */
    List<UnplacedEntry> unplaced() {
        List<UnplacedEntry> entries = new ArrayList<>();
        for (Path directory : setAside.madeThisRun()) {
            for (Path journalFile : journalsUnder(directory)) {
                String name = journalFile.getFileName().toString();
                Path objectFile = journalFile.resolveSibling(name.substring(0, name.length() - DirtyJournal.SUFFIX.length()));
                try {
                    entries.add(new UnplacedEntry(journal.read(journalFile), journalFile, objectFile));
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.SEVERE, "dirty journal {0} cannot be read, so its entry cannot be placed again; it"
                            + " stays set aside: {1}", new Object[] {journalFile, e.getMessage()});
                }
            }
        }
        return entries;
    }

    /** See {@link CacheStore#adopt}. */
    void adopt(UnplacedEntry entry, DirtyRecord placed) {
        lock.lock();
        try {
            CachedObject previous = table.get(placed.inode());
            if (previous != null) {
                // the tape's older content of the same path, cached clean: the dirty entry replaces it
                ObjectFiles.closeChannel(previous);
                table.remove(placed.inode());
            }
            files.deleteAll(placed.inode());
            if (Files.exists(entry.objectFile())) {
                Files.move(entry.objectFile(), files.objectFile(placed.inode()), StandardCopyOption.ATOMIC_MOVE);
                CachedObject object = table.entry(placed.inode());
                object.present = true;
                table.resize(object, Files.size(files.objectFile(placed.inode())));
            }
            dirty.markDirty(placed, true);
            Files.deleteIfExists(entry.journalFile());
        } catch (IOException e) {
            throw new CacheException("cannot take set-aside entry " + entry.journalFile() + " back as inode "
                    + placed.inode() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** See {@link CacheStore#finishAdoption}. */
    int finish() {
        int left = 0;
        for (Path directory : setAside.madeThisRun()) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    String name = path.getFileName().toString();
                    if (Files.isDirectory(path)) {
                        deleteIfEmpty(path);
                    } else if (name.chars().allMatch(Character::isDigit)
                            && !Files.exists(path.resolveSibling(name + DirtyJournal.SUFFIX))) {
                        // a clean object of the old catalog: its content is on tape, and nothing names it any more
                        Files.delete(path);
                    } else {
                        left++;
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot tidy " + directory + ": " + e.getMessage(), e);
            }
        }
        return left;
    }

    private static void deleteIfEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(directory);
            }
        }
    }

    private static List<Path> journalsUnder(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory, 2)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(DirtyJournal.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot read set-aside directory " + directory + ": " + e.getMessage(), e);
            return List.of();
        }
    }
}
