package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.ImportSummary;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.jobs.GatewayJob;
import io.tapelib.gateway.jobs.GatewayJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Re-indexes every cartridge the controller knows, one at a time, on an operator's request ({@code POST
 * /api/v1/rebuild}; issue 11, "Rebuild"): each index is read whole and merged into the catalog as at start-up
 * (the merge rules: the catalog's VolumeImporter), whatever generation the catalog records. Progress goes to the log
 * after each cartridge and to {@link #progress}. One rebuild at a time; a cartridge that fails is logged and
 * skipped, the rest go on. A catalog backup follows.
 */
@ApplicationScoped
public class CatalogRebuild {
    private static final Logger LOG = Logger.getLogger(CatalogRebuild.class);

    private final TapeController controller;
    private final StartupIndexer indexer;
    private final CacheStore cache;
    private final BackupRequests backups;
    private final Clock clock;
    private final GatewayJobs jobs;
    private RebuildProgress progress;

    /** Wires the rebuild without a job registry of the gateway's (tests); nothing runs before {@link #start}. */
    public CatalogRebuild(TapeController controller, StartupIndexer indexer, CacheStore cache, BackupRequests backups,
                          Clock clock) {
        this(controller, indexer, cache, backups, clock, new GatewayJobs(clock));
    }

    /** Wires the rebuild; each one is a REBUILD job in {@code jobs}. Nothing runs before {@link #start}. */
    @Inject
    public CatalogRebuild(TapeController controller, StartupIndexer indexer, CacheStore cache, BackupRequests backups,
                          Clock clock, GatewayJobs jobs) {
        this.jobs = jobs;
        this.controller = controller;
        this.indexer = indexer;
        this.cache = cache;
        this.backups = backups;
        this.clock = clock;
    }

    /**
     * Starts a rebuild on a thread of its own, once the controller has named the cartridges.
     *
     * @return its progress at the start (0 of N)
     * @throws RebuildRunningException        when one runs
     * @throws ControllerUnavailableException when the controller does not answer (nothing started)
     */
    public RebuildProgress start() {
        synchronized (this) {
            if (progress != null && progress.running()) {
                throw new RebuildRunningException(progress);
            }
            progress = new RebuildProgress(true, 0, 0, 0, null, clock.instant(), null, List.of());
        }
        List<String> cartridges;
        try {
            cartridges = controller.library().elements()
                    .filter(LibraryElement::full)
                    .filter(e -> !e.cleaning() && !e.volumeTag().isEmpty())
                    .map(LibraryElement::volumeTag)
                    .sorted()
                    .toList();
        } catch (RuntimeException e) {
            synchronized (this) {
                progress = null;
            }
            throw e;
        }
        RebuildProgress first;
        synchronized (this) {
            first = progress = new RebuildProgress(true, 0, cartridges.size(), 0, null, progress.started(), null,
                    List.of());
        }
        LOG.infof("Rebuild: re-indexing %d cartridges, one at a time", cartridges.size());
        GatewayJobs.Handle job = jobs.submit(GatewayJob.Type.REBUILD, null, "every cartridge (" + cartridges.size()
                + ")");
        job.started(null);
        Thread thread = new Thread(() -> run(cartridges, job), "catalog-rebuild");
        thread.setDaemon(true);
        thread.start();
        return first;
    }

    /** The running rebuild's progress, or the last one's result; empty when none ran since start-up. */
    public synchronized Optional<RebuildProgress> progress() {
        return Optional.ofNullable(progress);
    }

    private void run(List<String> cartridges, GatewayJobs.Handle job) {
        long entries = 0;
        List<String> failed = new ArrayList<>();
        for (int done = 0; done < cartridges.size(); done++) {
            String volumeTag = cartridges.get(done);
            update(new RebuildProgress(true, done, cartridges.size(), entries, volumeTag, progress().orElseThrow()
                    .started(), null, failed));
            job.progress(0, 0, done, cartridges.size());
            try {
                ImportSummary summary = indexer.index(volumeTag);
                summary.contentChanged().forEach(cache::evict);
                entries += summary.entries();
                LOG.infof("Rebuild: %d of %d cartridges done, %d entries; %s: %d entries, %d added, %d conflicts %s",
                        done + 1, cartridges.size(), entries, volumeTag, summary.entries(), summary.added(),
                        summary.conflicts(), summary.conflictPaths());
            } catch (RuntimeException e) {
                failed.add(volumeTag + ": " + e.getMessage());
                LOG.errorf("Rebuild: %d of %d cartridges done, %d entries; %s could not be indexed: %s", done + 1,
                        cartridges.size(), entries, volumeTag, e.getMessage());
            }
        }
        backups.request();
        RebuildProgress end = new RebuildProgress(false, cartridges.size(), cartridges.size(), entries, null,
                progress().orElseThrow().started(), clock.instant(), failed);
        update(end);
        job.progress(0, 0, cartridges.size(), cartridges.size());
        if (failed.isEmpty()) {
            job.succeeded();
        } else {
            job.failed(new IllegalStateException(failed.size() + " cartridges could not be indexed: " + failed));
        }
        LOG.infof("Rebuild ended: %d cartridges, %d entries, %d failed %s", end.cartridgesTotal(), entries,
                failed.size(), failed);
    }

    private synchronized void update(RebuildProgress next) {
        progress = next;
    }
}
