package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ImportSummary;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.LibraryInventory;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.controller.VolumeFormat;
import io.tapelib.gateway.controller.VolumeSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Catalogs every cartridge of the library that the catalog does not know yet, from its own LTFS index
 * (shared/DESIGN.md section 1: listings come from the catalog, never from tape). Known cartridges,
 * blank ones included, are not read again, so a restart loads no cartridge. After the catalog was restored from a
 * backup, every known cartridge's index is read as well, and imported again when its index generation or volume
 * UUID differs from the restored record (written after the backup). A catalog backup follows any import.
 */
@ApplicationScoped
public class StartupIndexer {
    private static final Logger LOG = Logger.getLogger(StartupIndexer.class);

    private final TapeController controller;
    private final Catalog catalog;
    private final Clock clock;
    private final BackupRequests backups;

    /** Wires the indexer; it reads nothing before {@link #indexNewCartridges}. */
    public StartupIndexer(TapeController controller, Catalog catalog, Clock clock, BackupRequests backups) {
        this.controller = controller;
        this.catalog = catalog;
        this.clock = clock;
        this.backups = backups;
    }

    /**
     * Indexes the cartridges new to the catalog. Never fails: a controller that does not answer is logged
     * and skipped, and a cartridge whose index cannot be read or imported is logged in one line and left
     * for the next start; the mount then serves what the catalog holds.
     *
     * @param evict called with the inodes whose current content changed (their cached copies are stale)
     * @return the volume tags indexed
     */
    public List<String> indexNewCartridges(Consumer<List<Long>> evict) {
        return indexCartridges(evict, false);
    }

    /**
     * Indexes the cartridges new to the catalog and, when {@code recheckKnown}, also every known cartridge whose
     * index generation or volume UUID is not the one the catalog records (the catalog was restored from a backup
     * older than that index). Each known cartridge is then loaded once to read its index's volume header. Never
     * fails, as {@link #indexNewCartridges}.
     *
     * @param evict        called with the inodes whose current content changed (their cached copies are stale)
     * @param recheckKnown whether known cartridges are read too
     * @return the volume tags indexed
     */
    public List<String> indexCartridges(Consumer<List<Long>> evict, boolean recheckKnown) {
        LibraryInventory library;
        try {
            library = controller.library();
        } catch (RuntimeException e) {
            LOG.warnf("Start-up indexing skipped, the controller did not answer: %s", e.getMessage());
            return List.of();
        }
        return indexTags(cartridges(library), evict, recheckKnown);
    }

    /**
     * Indexes those of {@code volumeTags} the catalog does not know: cartridges that entered the library while the
     * gateway ran (a library event named them). Never fails, as {@link #indexNewCartridges}.
     *
     * @param evict called with the inodes whose current content changed (their cached copies are stale)
     * @return the volume tags indexed; a tag neither indexed nor known failed (logged)
     */
    public List<String> indexUnknown(List<String> volumeTags, Consumer<List<Long>> evict) {
        return indexTags(volumeTags, evict, false);
    }

    private List<String> indexTags(List<String> volumeTags, Consumer<List<Long>> evict, boolean recheckKnown) {
        List<String> indexed = new ArrayList<>();
        for (String volumeTag : volumeTags) {
            try {
                Optional<VolumeRecord> known = catalog.volume(volumeTag);
                if (known.isPresent() && !recheckKnown) {
                    continue;
                }
                Optional<ImportSummary> imported = known.isPresent() ? indexIfChanged(known.get())
                        : Optional.of(index(volumeTag));
                if (imported.isEmpty()) {
                    continue;
                }
                ImportSummary summary = imported.get();
                evict.accept(summary.contentChanged());
                indexed.add(volumeTag);
                LOG.infof("Indexed %s: %d entries, %d added, %d copies, %d conflicts %s", volumeTag, summary.entries(),
                        summary.added(), summary.copies(), summary.conflicts(), summary.conflictPaths());
            } catch (RuntimeException e) {
                LOG.errorf("Could not index %s, left for later: %s", volumeTag, e);
            }
        }
        if (!indexed.isEmpty()) {
            backups.request();
        }
        return indexed;
    }

    /**
     * Imports a known cartridge's index again when its generation or volume UUID differs from {@code known};
     * otherwise the ReadIndex call is cancelled after the volume header.
     *
     * @return the import's summary, empty when the catalog's record was current
     */
    private Optional<ImportSummary> indexIfChanged(VolumeRecord known) {
        try (IndexHandOff stream = new IndexHandOff(known.volumeTag(),
                sink -> controller.readIndex(known.volumeTag(), sink))) {
            VolumeRecord volume = stream.volume(clock);
            if (volume.generation() == known.generation() && Objects.equals(volume.uuid(), known.uuid())) {
                return Optional.empty();
            }
            LOG.infof("%s holds index generation %d (volume %s), the catalog knew generation %d (volume %s):"
                    + " indexing it again", known.volumeTag(), volume.generation(), volume.uuid(), known.generation(),
                    known.uuid());
            return Optional.of(catalog.importVolume(volume, stream));
        }
    }

    /**
     * Indexes a cartridge a job just mounted (its index read: {@code mounted} is what it says) when the catalog does
     * not know it, or knows another volume UUID or an older index generation: written by other software or by the
     * controller's import while this gateway ran. The same UUID with an older generation than the catalog's is an
     * event overtaken by this gateway's own migration to that cartridge, and is not read again. Never fails: what
     * goes wrong is logged in one line. Records the cartridge's write-protect tab first, whatever its format.
     *
     * @param evict called with the inodes whose current content changed (their cached copies are stale)
     * @return the import's summary; empty when nothing was indexed
     */
    public Optional<ImportSummary> indexIfChanged(VolumeSummary mounted, Consumer<List<Long>> evict) {
        try {
            if (catalog.writeProtectedVolumes().record(mounted.volumeTag(), mounted.writeProtected(), clock.instant())) {
                LOG.infof("%s was loaded with its write-protect tab %s", mounted.volumeTag(),
                        mounted.writeProtected() ? "set: it is not reclaimed and gets no new files" : "cleared");
            }
        } catch (RuntimeException e) {
            LOG.errorf("Could not record the write-protect tab of %s: %s", mounted.volumeTag(), e);
        }
        if (mounted.format() != VolumeFormat.LTFS) {
            return Optional.empty();
        }
        Optional<VolumeRecord> known = catalog.volume(mounted.volumeTag());
        if (known.isPresent() && Objects.equals(known.get().uuid(), mounted.uuid())
                && mounted.generation() <= known.get().generation()) {
            return Optional.empty();
        }
        LOG.infof("%s was mounted with index generation %d (volume %s); the catalog knew %s: indexing it again",
                mounted.volumeTag(), mounted.generation(), mounted.uuid(), known.map(v -> "generation "
                        + v.generation() + " (volume " + v.uuid() + ")").orElse("nothing of it"));
        try {
            ImportSummary summary = index(mounted.volumeTag());
            evict.accept(summary.contentChanged());
            backups.request();
            LOG.infof("Indexed %s: %d entries, %d added, %d copies, %d conflicts %s", mounted.volumeTag(),
                    summary.entries(), summary.added(), summary.copies(), summary.conflicts(), summary.conflictPaths());
            return Optional.of(summary);
        } catch (RuntimeException e) {
            LOG.errorf("Could not index %s again after its mount, left for its next mount: %s", mounted.volumeTag(),
                    e);
            return Optional.empty();
        }
    }

    /**
     * Reads one cartridge's index and merges it into the catalog in one transaction. On any failure the
     * ReadIndex call is cancelled and its reader thread stopped before the exception propagates.
     *
     * @throws ControllerUnavailableException when the controller is away or fails the ReadIndex call
     * @throws RuntimeException               what the catalog import throws (e.g. CatalogException)
     */
    public ImportSummary index(String volumeTag) {
        try (IndexHandOff stream = new IndexHandOff(volumeTag,
                sink -> controller.readIndex(volumeTag, sink))) {
            VolumeRecord volume = stream.volume(clock);
            return catalog.importVolume(volume, stream);
        }
    }

    private static List<String> cartridges(LibraryInventory library) {
        return library.elements()
                .filter(LibraryElement::full)
                .filter(e -> !e.cleaning() && !e.volumeTag().isEmpty())
                .map(LibraryElement::volumeTag)
                .sorted()
                .toList();
    }
}
