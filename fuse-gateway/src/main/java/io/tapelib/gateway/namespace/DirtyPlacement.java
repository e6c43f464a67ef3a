package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheException;
import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.cache.UnplacedEntry;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.CatalogException;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The start-up step after the tapes are indexed that brings back the dirty entries a lost (or older, restored)
 * catalog no longer named (shared/DESIGN.md section 7; issue 11, "Rebuild"): each comes back at its journal's path,
 * dirty, with its content, kind, mode, owner and times, and migrates as usual. Missing parent directories that no
 * journal describes are created with their parent's mode and owner. When a tape's entry holds the same path, the dirty entry wins, being newer:
 * a file of the same kind takes the dirty content in place (the tape's copy becomes an older version), another kind
 * is replaced. Only what cannot be placed stays set aside, with one log line saying why.
 *
 * <p>Entries are placed parents first; times are set afterwards, deepest first, so that creating a child does not
 * leave its directory with the time of the placement. Directories from tape keep the times their index gives.
 * Run once at start-up, before the mount opens.
 */
public final class DirtyPlacement {
    private static final Logger LOG = Logger.getLogger(DirtyPlacement.class.getName());

    private final Catalog catalog;
    private final CacheStore cache;
    private final Clock clock;

    public DirtyPlacement(Catalog catalog, CacheStore cache, Clock clock) {
        this.catalog = catalog;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * What placement did.
     *
     * @param placed       entries back at their paths
     * @param replaced     of those, entries that took the place of a tape's entry at the same path
     * @param parentsMade  missing parent directories created
     * @param lost         files placed without their content (the object was missing: reads give EIO, as for any
     *                     dirty file whose content is lost)
     * @param leftSetAside files still set aside: entries that could not be placed (each logged)
     */
    public record Summary(int placed, int replaced, int parentsMade, int lost, int leftSetAside) {
    }

    /** One placed entry, for the times pass. */
    private record Placed(long inode, DirtyRecord record) {
    }

    /**
     * Places every set-aside dirty entry; see the class description. Never fails for one entry: what cannot be
     * placed is logged and stays set aside.
     *
     * @return what changed
     * @throws CatalogException on a database failure that is not about one entry
     */
    public Summary place() {
        List<UnplacedEntry> entries = new ArrayList<>(cache.unplaced());
        entries.sort(Comparator.comparingInt((UnplacedEntry e) -> depth(e.record().path()))
                .thenComparing(e -> e.record().path()));
        Counts counts = new Counts();
        List<Placed> placed = new ArrayList<>();
        Map<Long, Inode> tapeDirectories = new LinkedHashMap<>();
        for (UnplacedEntry entry : entries) {
            DirtyRecord record = entry.record();
            try {
                placed.add(new Placed(place(entry, counts, tapeDirectories), record));
            } catch (NamespaceException | CatalogException | CacheException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "dirty {0} {1} (inode {2} of the old catalog) cannot be placed at its path: {3};"
                        + " it stays set aside in {4}", new Object[] {record.kind().name().toLowerCase(),
                        record.path(), record.inode(), e.getMessage(), entry.journalFile().getParent()});
            }
        }
        Instant now = clock.instant();
        for (int i = placed.size() - 1; i >= 0; i--) {
            Placed entry = placed.get(i);
            catalog.setTimes(entry.inode(), entry.record().atime(), entry.record().mtime(), now);
            tapeDirectories.remove(entry.inode());
        }
        for (Inode directory : tapeDirectories.values()) {
            catalog.setTimes(directory.id(), directory.atime(), directory.mtime(), now);
        }
        Summary summary = new Summary(placed.size(), counts.replaced, counts.parentsMade, counts.lost,
                cache.finishAdoption());
        if (!entries.isEmpty()) {
            LOG.log(Level.INFO, "Dirty entries placed back at their paths after the catalog was rebuilt: {0}", summary);
        }
        return summary;
    }

    private long place(UnplacedEntry entry, Counts counts, Map<Long, Inode> tapeDirectories) {
        DirtyRecord record = entry.record();
        String path = record.path();
        if (!path.startsWith("/") || path.equals("/")) {
            throw new IllegalArgumentException("the journal names no path within the mount (\"" + path + "\")");
        }
        String[] names = path.substring(1).split("/");
        Instant now = clock.instant();
        Inode parent = parentOf(names, counts, now);
        tapeDirectories.putIfAbsent(parent.id(), parent);
        String name = names[names.length - 1];
        long inode = placeAt(parent.id(), name, record, counts, now);
        for (Map.Entry<String, byte[]> xattr : record.xattrs().entrySet()) {
            catalog.xattrChanges().set(inode, xattr.getKey(), xattr.getValue(), false, false, now);
        }
        for (String link : record.links()) {
            placeLink(inode, link, counts, now);
        }
        cache.adopt(entry, record.at(inode, path));
        Inode row = catalog.get(inode).orElseThrow();
        if (!row.isDirty()) {
            // a directory the catalog keeps clean (mkdir made it so before issue 11): its journal has no use
            cache.markClean(inode);
        } else if (record.kind() == FileKind.FILE && cache.isPresent(inode)) {
            // the journal's size may be a commit behind the last writes (DESIGN section 7): the object is the content
            long bytes = cache.presentBytes(inode).orElse(row.size());
            if (bytes != row.size()) {
                LOG.log(Level.INFO, "dirty file {0}: its journal says {1} bytes, its object holds {2}; the object is"
                        + " the content", new Object[] {path, row.size(), bytes});
                catalog.setSize(inode, bytes, now);
            }
        } else if (record.kind() == FileKind.FILE) {
            if (record.size() == 0) {
                cache.create(inode);
            } else {
                cache.markLost(inode);
                counts.lost++;
                LOG.log(Level.SEVERE, "dirty file {0} ({1} bytes) was placed back without its content, which is"
                        + " missing from the set-aside cache; marked lost (reads give EIO)", new Object[] {path,
                        record.size()});
            }
        }
        return inode;
    }

    /**
     * The directory that holds the last of {@code names} (path components below the root), made with its missing
     * ancestors: nothing says what those were (no tape names them, no journal describes them), so each is made like
     * its parent.
     *
     * @throws IllegalArgumentException a component is a tape's entry that is not a directory
     */
    private Inode parentOf(String[] names, Counts counts, Instant now) {
        Inode parent = catalog.get(Catalog.ROOT_ID).orElseThrow(() -> new CatalogException("the catalog has no root"));
        for (int i = 0; i < names.length - 1; i++) {
            Optional<Inode> next = catalog.lookup(parent.id(), names[i]);
            if (next.isPresent() && !next.get().isDirectory()) {
                throw new IllegalArgumentException("/" + String.join("/", List.of(names).subList(0, i + 1))
                        + " is a " + next.get().kind().name().toLowerCase() + " from tape, not a directory");
            }
            if (next.isEmpty()) {
                next = Optional.of(catalog.mkdir(parent.id(), names[i], parent.mode() & 07777, parent.uid(),
                        parent.gid(), now));
                counts.parentsMade++;
            }
            parent = next.get();
        }
        return parent;
    }

    /**
     * A further name of a dirty hard-linked file, made with its missing parents; a tape's non-directory entry at that
     * path gives way, as at the entry's own path.
     */
    private void placeLink(long inode, String link, Counts counts, Instant now) {
        String[] names = link.substring(1).split("/");
        Inode parent = parentOf(names, counts, now);
        String name = names[names.length - 1];
        Optional<Inode> existing = catalog.lookup(parent.id(), name);
        if (existing.isPresent() && existing.get().id() == inode) {
            return;
        }
        if (existing.isPresent()) {
            if (existing.get().isDirectory()) {
                throw new IllegalArgumentException("link " + link + ": a directory holds the path");
            }
            catalog.unlink(parent.id(), name, now);
            cache.delete(existing.get().id());
            counts.replaced++;
        }
        catalog.link(inode, parent.id(), name, now);
    }

    /** Creates the entry (or takes over a tape's entry of the same kind), returning its inode id. */
    private long placeAt(long parent, String name, DirtyRecord record, Counts counts, Instant now) {
        Optional<Inode> existing = catalog.lookup(parent, name);
        if (existing.isPresent()) {
            Inode tape = existing.get();
            counts.replaced++;
            if (tape.kind() == record.kind() && record.kind() != FileKind.SYMLINK) {
                if (record.kind() == FileKind.FILE) {
                    catalog.setSize(tape.id(), record.size(), now);
                }
                catalog.setMode(tape.id(), record.mode(), now);
                catalog.setOwner(tape.id(), record.uid(), record.gid(), now);
                return tape.id();
            }
            if (tape.isDirectory()) {
                if (!catalog.children(tape.id()).isEmpty()) {
                    throw new IllegalArgumentException("a directory from tape with entries holds the path");
                }
                catalog.rmdir(parent, name, now);
            } else {
                catalog.unlink(parent, name, now);
                cache.delete(tape.id());
            }
        }
        return switch (record.kind()) {
            case FILE -> {
                long id = catalog.createFile(parent, name, record.mode(), record.uid(), record.gid(), now).id();
                if (record.size() > 0) {
                    catalog.setSize(id, record.size(), now);
                }
                yield id;
            }
            case DIRECTORY -> catalog.mkdir(parent, name, record.mode(), record.uid(), record.gid(), now).id();
            case SYMLINK -> {
                if (record.symlinkTarget() == null) {
                    throw new IllegalArgumentException("the journal of a symlink names no target");
                }
                yield catalog.symlink(parent, name, record.symlinkTarget(), record.uid(), record.gid(), now).id();
            }
            case FIFO, CHARACTER_DEVICE, BLOCK_DEVICE, SOCKET -> catalog.mknod(parent, name, record.kind(),
                    record.mode(), record.deviceNumber(), record.uid(), record.gid(), now).id();
        };
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    private static final class Counts {
        int replaced;
        int parentsMade;
        int lost;
    }
}
