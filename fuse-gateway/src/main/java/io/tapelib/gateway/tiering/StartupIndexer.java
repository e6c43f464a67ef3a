package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ImportSummary;
import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.ControllerClient;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.proto.v1.Element;
import io.tapelib.proto.v1.IndexMessage;
import io.tapelib.proto.v1.Library;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Catalogs every cartridge of the library that the catalog does not know yet, from its own LTFS index
 * (shared/DESIGN.md section 1: listings come from the catalog, never from tape). Known cartridges,
 * blank ones included, are not read again, so a restart loads no cartridge.
 */
@ApplicationScoped
public class StartupIndexer {
    private static final Logger LOG = Logger.getLogger(StartupIndexer.class);

    private final ControllerClient controller;
    private final Catalog catalog;
    private final Clock clock;

    public StartupIndexer(ControllerClient controller, Catalog catalog, Clock clock) {
        this.controller = controller;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Indexes the cartridges new to the catalog. A controller that does not answer is logged and
     * skipped: the mount then serves what the catalog already holds.
     *
     * @param evict called with the inodes whose current content changed (their cached copies are stale)
     * @return the volume tags indexed
     */
    public List<String> indexNewCartridges(Consumer<List<Long>> evict) {
        Library library;
        try {
            library = controller.library();
        } catch (ControllerUnavailableException e) {
            LOG.warnf("Start-up indexing skipped, the controller did not answer: %s", e.getMessage());
            return List.of();
        }
        List<String> indexed = new ArrayList<>();
        for (String volumeTag : cartridges(library)) {
            if (catalog.volume(volumeTag).isPresent()) {
                continue;
            }
            try {
                ImportSummary summary = index(volumeTag);
                evict.accept(summary.contentChanged());
                indexed.add(volumeTag);
                LOG.infof("Indexed %s: %d entries, %d added, %d copies, %d conflicts %s", volumeTag, summary.entries(),
                        summary.added(), summary.copies(), summary.conflicts(), summary.conflictPaths());
            } catch (ControllerUnavailableException e) {
                LOG.errorf("Could not index %s: %s", volumeTag, e.getMessage());
            }
        }
        return indexed;
    }

    /** Reads one cartridge's index and merges it into the catalog in one transaction. */
    public ImportSummary index(String volumeTag) {
        // The catalog import pulls entries from a bounded hand-off that the gRPC stream fills, so a tape
        // with millions of files never sits in memory whole.
        IndexStream stream = new IndexStream(volumeTag);
        Thread reader = new Thread(() -> stream.fill(controller), "index-" + volumeTag);
        reader.setDaemon(true);
        reader.start();
        VolumeRecord volume = stream.volume(clock);
        return catalog.importVolume(volume, stream);
    }

    private static List<String> cartridges(Library library) {
        return Stream.of(library.getDrivesList(), library.getStorageSlotsList(), library.getImportExportSlotsList())
                .flatMap(List::stream)
                .filter(Element::getFull)
                .filter(e -> !e.getCleaning() && !e.getVolumeTag().isEmpty())
                .map(Element::getVolumeTag)
                .sorted()
                .toList();
    }

    /** Entries of one ReadIndex call, handed from the gRPC thread to the importer through a bounded queue. */
    private static final class IndexStream implements java.util.Iterator<TapeEntry> {
        private static final Object END = new Object();
        private final String volumeTag;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4096);
        private Object next;

        IndexStream(String volumeTag) {
            this.volumeTag = volumeTag;
        }

        void fill(ControllerClient controller) {
            try {
                controller.readIndex(volumeTag, this::put);
                put(END);
            } catch (RuntimeException e) {
                put(e);
            }
        }

        private void put(Object item) {
            try {
                queue.put(item instanceof IndexMessage m && m.hasEntry() ? IndexEntries.entry(m.getEntry()) : item);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while indexing " + volumeTag, e);
            }
        }

        VolumeRecord volume(Clock clock) {
            Object first = take();
            if (first instanceof IndexMessage message && message.hasVolume()) {
                return IndexEntries.volume(message.getVolume(), clock.instant());
            }
            throw failure(first, "the controller sent no volume first");
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = take();
            }
            if (next == END) {
                return false;
            }
            if (next instanceof TapeEntry) {
                return true;
            }
            throw failure(next, "unexpected index message");
        }

        @Override
        public TapeEntry next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            TapeEntry entry = (TapeEntry) next;
            next = null;
            return entry;
        }

        private Object take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while indexing " + volumeTag, e);
            }
        }

        private RuntimeException failure(Object item, String otherwise) {
            if (item instanceof RuntimeException e) {
                return e;
            }
            return new ControllerUnavailableException("INTERNAL", volumeTag + ": " + otherwise, null);
        }
    }
}
