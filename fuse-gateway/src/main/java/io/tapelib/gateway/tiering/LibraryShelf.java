package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ShelvedVolumes;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.LibraryInventory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Follows cartridges leaving and entering the library (issue 13): handed the whole library at each connection to the
 * controller (GetLibrary) and at each element change (Event.library, through {@link VolumeWatcher}), it compares
 * where the catalog's cartridges are. A volume tag the catalog knows that is in no storage element and no data
 * transfer element is shelved (in an import/export element or out of the library; {@link ShelvedVolumes}); a shelved
 * one found in such an element again is back, and the recalls waiting for it go on ({@link ImportRequests#returned});
 * one the catalog does not know is indexed ({@link StartupIndexer#indexUnknown}). A cartridge whose indexing failed is
 * not tried again until it leaves the library and comes back (each try loads it), or the gateway restarts.
 *
 * <p>An inventory with no drive and no storage element is taken for a failed read of the changer, not for an empty
 * library, and ignored. Calls are serialized; the indexing of new cartridges runs on the caller's thread.
 */
@ApplicationScoped
public class LibraryShelf {
    private static final Logger LOG = Logger.getLogger(LibraryShelf.class);

    private final Catalog catalog;
    private final ShelvedVolumes shelves;
    private final StartupIndexer indexer;
    private final CacheStore cache;
    private final ImportRequests imports;
    private final RecallService recalls;
    private final Clock clock;
    /** The library as the controller last reported it (where each cartridge is); null before the first report. */
    private volatile LibraryInventory lastSeen;
    /** Unknown cartridges whose indexing failed while they stayed in the library. */
    private final Set<String> unindexable = new HashSet<>();

    /** Wires the shelf; it does nothing before the first {@link #update}. */
    public LibraryShelf(Catalog catalog, StartupIndexer indexer, CacheStore cache, ImportRequests imports,
                        RecallService recalls, Clock clock) {
        this.catalog = catalog;
        this.shelves = catalog.shelvedVolumes();
        this.indexer = indexer;
        this.cache = cache;
        this.imports = imports;
        this.recalls = recalls;
        this.clock = clock;
    }

    /**
     * Takes the library as the controller reports it now. Never throws for a catalog or controller failure: it is
     * logged, and the next report tries again.
     */
    public synchronized void update(LibraryInventory library) {
        if (library.drives().isEmpty() && library.storageSlots().isEmpty()) {
            LOG.warnf("The controller reported a library without drives or storage slots; cartridges are not marked"
                    + " shelved from it");
            return;
        }
        lastSeen = library;
        Set<String> inLibrary = new TreeSet<>(tags(library.drives()));
        inLibrary.addAll(tags(library.storageSlots()));
        Set<String> inMailSlots = tags(library.importExportSlots());
        try {
            List<String> leaving = new ArrayList<>();
            for (VolumeRecord volume : catalog.volumes()) {
                String tag = volume.volumeTag();
                if (!inLibrary.contains(tag) && !shelves.isShelved(tag)) {
                    leaving.add(tag);
                }
            }
            List<String> back = shelves.all().keySet().stream().filter(inLibrary::contains).sorted().toList();
            shelves.shelve(leaving, clock.instant());
            for (String tag : leaving) {
                LOG.infof("Cartridge %s is shelved (%s): its files stay listed; reading one asks for an import", tag,
                        inMailSlots.contains(tag) ? "in a mail slot" : "not in the library");
            }
            shelves.unshelve(back);
            for (String tag : back) {
                LOG.infof("Cartridge %s is back in the library", tag);
                requeue(imports.returned(tag));
            }
        } catch (RuntimeException e) {
            LOG.errorf("Could not record which cartridges are shelved: %s", e.getMessage());
        }
        unindexable.retainAll(inLibrary);
        List<String> unknown = inLibrary.stream()
                .filter(tag -> !unindexable.contains(tag) && catalog.volume(tag).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            LOG.infof("New cartridge(s) in the library: %s; indexing", unknown);
            List<String> indexed = indexer.indexUnknown(unknown, stale -> stale.forEach(cache::evict));
            unknown.stream().filter(tag -> !indexed.contains(tag) && catalog.volume(tag).isEmpty())
                    .forEach(unindexable::add);
        }
    }

    /** The library as the controller last reported it, if it did since start-up (the operator's tape locations). */
    public Optional<LibraryInventory> lastSeen() {
        return Optional.ofNullable(lastSeen);
    }

    /** Queues the recalls that waited for a cartridge that is back; those whose readers gave up meanwhile are dropped. */
    private void requeue(List<ImportRequests.Parked> waiting) {
        for (ImportRequests.Parked recall : waiting) {
            if (cache.isRecalling(recall.inode())) {
                recalls.requestRecall(recall.inode(), recall.priority());
            }
        }
    }

    private static Set<String> tags(List<LibraryElement> elements) {
        return elements.stream().filter(LibraryElement::full).filter(e -> !e.cleaning() && !e.volumeTag().isEmpty())
                .map(LibraryElement::volumeTag).collect(Collectors.toSet());
    }
}
