package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.StoredObject;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.FileKind;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The start-up step that makes the cache and the catalog agree before the mount opens (shared/DESIGN.md
 * section 7; review finding 4). The namespace marks the catalog row and the dirty journal dirty before it
 * changes a cached object, so after a crash:
 * <ul>
 *   <li>a journal whose row is clean means the cache holds acknowledged bytes the tape does not: the row
 *       becomes dirty again (migrated again later); a journal whose inode the catalog does not have (a catalog
 *       restored from an older backup) is set aside, and {@link DirtyPlacement} puts it back at its path after the
 *       tapes are indexed;</li>
 *   <li>a dirty row whose object's size differs from the row's takes the object's size (the cache holds the
 *       only content) and its modify time as the file's (writes a crash kept from the catalog: a close leaves them to
 *       the next commit), never the restart's; a dirty row without a journal gets one; an empty dirty file without an object gets an
 *       empty object; a dirty row with content but no object is marked lost in the cache (logged once);</li>
 *   <li>a clean object whose size differs from the row's size (or whose inode is gone) is deleted: a clean
 *       file's content is on tape and is recalled again when read.</li>
 * </ul>
 * Run once, after the cache was opened for this catalog and before mounting; not while the mount serves calls.
 */
public final class CacheReconciliation {
    private static final Logger LOG = Logger.getLogger(CacheReconciliation.class.getName());
    /** The latest time the catalog stores (nanoseconds since the epoch in a signed 64-bit integer). */
    private static final Instant LATEST_STORABLE = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L - 1);

    /** The set-aside reason of dirty entries whose inode the catalog does not have, until they are placed again. */
    static final String UNPLACED = "unplaced";

    private final Catalog catalog;
    private final CacheStore cache;
    private final Clock clock;
    private final DirtyJournaling journaling;

    public CacheReconciliation(Catalog catalog, CacheStore cache, Clock clock) {
        this.catalog = catalog;
        this.cache = cache;
        this.clock = clock;
        this.journaling = new DirtyJournaling(catalog, cache, clock);
    }

    /**
     * Reconciles; see the class description.
     *
     * @return what changed
     * @throws io.tapelib.gateway.catalog.CatalogException   on a database failure
     * @throws io.tapelib.gateway.cache.CacheException       on a local I/O error in the cache directory
     */
    public ReconcileSummary reconcile() {
        int redirtied = 0;
        int orphans = 0;
        int resized = 0;
        int journalsWritten = 0;
        int stale = 0;
        int lost = 0;
        Instant now = clock.instant();

        for (long id : cache.dirtyInodes()) {
            Optional<Inode> row = catalog.get(id);
            if (row.isEmpty()) {
                // Out of the objects directory before the indexer gives out inode ids: a new inode could take this
                // id. DirtyPlacement puts it back at its path once the tapes are indexed.
                cache.setAside(id, UNPLACED);
                orphans++;
            } else if (!row.get().isDirty() && row.get().kind() != FileKind.FILE) {
                // no content at stake: the entry is on tape as the catalog says (a crash between the two writes)
                LOG.log(Level.INFO, "{0} {1} (inode {2}) is clean in the catalog; its leftover dirty journal goes",
                        new Object[] {row.get().kind().name().toLowerCase(), catalog.pathOf(id).orElse("?"), id});
                cache.markClean(id);
            } else if (!row.get().isDirty()) {
                LOG.log(Level.WARNING, "inode {0} ({1}) has a dirty journal but a clean catalog row: the cache holds"
                        + " bytes not on tape; dirty again", new Object[] {id, catalog.pathOf(id).orElse("?")});
                catalog.markDirty(id, now);
                redirtied++;
            }
        }

        Map<Long, StoredObject> stored = new HashMap<>();
        for (StoredObject object : cache.storedObjects()) {
            stored.put(object.inode(), object);
        }
        List<Inode> dirtyRows = catalog.copies().dirtyFiles(LATEST_STORABLE);
        for (Inode inode : dirtyRows) {
            if (inode.kind() != FileKind.FILE) {
                if (!cache.isDirty(inode.id())) {
                    cache.markDirty(journaling.record(inode));
                    journalsWritten++;
                }
                continue;
            }
            StoredObject object = stored.get(inode.id());
            Inode current = inode;
            if (object == null && inode.size() == 0) {
                cache.create(inode.id());
            } else if (object == null) {
                cache.markLost(inode.id());
                LOG.log(Level.SEVERE, "dirty file {0} (inode {1}, {2} bytes) has no object in the cache: its content"
                        + " is lost and never reached tape; marked lost (reads give EIO, write-back leaves it out)"
                        + " until it is deleted or written anew", new Object[] {catalog.pathOf(inode.id()).orElse("?"),
                        inode.id(), inode.size()});
                lost++;
                continue;
            } else if (object.bytes() != inode.size()) {
                LOG.log(Level.WARNING, "dirty file {0} (inode {1}): catalog says {2} bytes, the cache holds {3}; the"
                        + " cache's bytes are the content", new Object[] {catalog.pathOf(inode.id()).orElse("?"),
                        inode.id(), inode.size(), object.bytes()});
                current = catalog.setSize(inode.id(), object.bytes(), modified(inode.id(), now));
                resized++;
            }
            if (!cache.isDirty(inode.id()) || current != inode) {
                journalsWritten += cache.isDirty(inode.id()) ? 0 : 1;
                cache.markDirty(journaling.record(current));
            }
        }

        for (StoredObject object : stored.values()) {
            if (object.dirty()) {
                continue;
            }
            Optional<Inode> row = catalog.get(object.inode());
            if (row.isEmpty() || row.get().kind() != FileKind.FILE || row.get().size() != object.bytes()) {
                if (cache.evict(object.inode())) {
                    stale++;
                }
            }
        }
        ReconcileSummary summary = new ReconcileSummary(redirtied, orphans, resized, journalsWritten, stale, lost);
        LOG.log(Level.INFO, "Cache reconciled with the catalog: {0}", summary);
        return summary;
    }

    /**
     * When the object of a dirty file was last written: its file's modify time (the kernel's, set by the writes the
     * catalog missed), or {@code otherwise} when it cannot be read.
     */
    private Instant modified(long inode, Instant otherwise) {
        try {
            return Files.getLastModifiedTime(cache.objectPath(inode)).toInstant();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "inode {0}: the modify time of its object cannot be read ({1}); now is taken",
                    new Object[] {inode, e.getMessage()});
            return otherwise;
        }
    }
}
