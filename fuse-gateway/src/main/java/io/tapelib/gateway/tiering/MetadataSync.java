package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.PendingBatch;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.IndexChange;
import io.tapelib.gateway.controller.IndexUpdate;
import io.tapelib.gateway.controller.TapeController;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Writes pending metadata changes (renames, removals, attributes; {@link io.tapelib.gateway.catalog.PendingChange})
 * into the indexes of tapes no migration wrote to for a while: a tape whose oldest pending change is older than
 * METADATA_SYNC_INTERVAL gets them through UpdateIndex (the controller loads it if needed), so a catalog rebuilt
 * from the tapes shows what the mount showed. The rows are deleted only once the controller answered that the
 * index naming them is on tape; a failure keeps them and the tape is tried again after a back-off of 1 s doubling
 * to 5 minutes ({@link RetryBackoff}, per tape). The root directory's metadata rides along on every write.
 *
 * <p>Runs on one thread of its own: the periodic look, and {@link #syncAll} (POST /api/v1/sync) handed to it, so
 * two writes of one tape's list never overlap; {@link PendingClaims} keeps it apart from the write-back's Migrate
 * headers.
 */
@ApplicationScoped
public class MetadataSync {
    private static final Logger LOG = Logger.getLogger(MetadataSync.class);
    /**
     * The periodic look runs every tenth of the interval, at least every minute and at most every second: a tape is
     * written at most a tenth of the interval late, and the catalog is not polled for nothing.
     */
    static final Duration LONGEST_CHECK = Duration.ofMinutes(1);
    static final Duration SHORTEST_CHECK = Duration.ofSeconds(1);

    private final Catalog catalog;
    private final TapeController controller;
    private final GatewayConfig config;
    private final Clock clock;
    private final BackupRequests backups;
    private final PendingClaims claims;
    private final Map<String, RetryBackoff> backoffs = new HashMap<>();
    private final SkippedChanges skippedChanges = new SkippedChanges();
    private ScheduledExecutorService worker;
    private ScheduledFuture<?> periodic;

    /** Wires the sync; nothing is scheduled before {@link #start()}. */
    @Inject
    public MetadataSync(Catalog catalog, TapeController controller, GatewayConfig config, Clock clock,
                        BackupRequests backups, PendingClaims claims) {
        this.catalog = catalog;
        this.controller = controller;
        this.config = config;
        this.clock = clock;
        this.backups = backups;
        this.claims = claims;
    }

    /** Starts the periodic look for tapes whose oldest pending change is older than the interval (once). */
    public synchronized void start() {
        if (periodic != null) {
            return;
        }
        Duration check = config.metadataSyncInterval().dividedBy(10);
        check = check.compareTo(SHORTEST_CHECK) < 0 ? SHORTEST_CHECK
                : check.compareTo(LONGEST_CHECK) > 0 ? LONGEST_CHECK : check;
        periodic = worker().scheduleWithFixedDelay(this::syncDueQuietly, check.toMillis(), check.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops the thread and interrupts a write in progress (its rows stay and go at the next start). */
    public synchronized void stop() {
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
        periodic = null;
    }

    /**
     * Writes the pending changes of every tape that has any, now, on the sync's thread; waits for it at most the
     * controller stream deadline.
     *
     * @return what was written
     * @throws ControllerUnavailableException when the controller is away (nothing more is tried; the rows stay),
     *                                        or the sync did not finish in time or was interrupted
     */
    public SyncSummary syncAll() {
        Future<SyncSummary> result = worker().submit(() -> sync(catalog.pending().oldestByVolume().keySet().stream().toList(),
                true));
        try {
            return result.get(config.controllerStreamDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new ControllerUnavailableException("CANCELLED", "metadata sync interrupted", e);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new ControllerUnavailableException("DEADLINE_EXCEEDED", "metadata sync did not finish in time", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Writes the pending changes of the tapes whose oldest change is older than the interval (on the calling
     * thread; the periodic look calls it).
     *
     * @throws ControllerUnavailableException when the controller is away
     */
    SyncSummary syncDue() {
        Instant due = clock.instant().minus(config.metadataSyncInterval());
        List<String> volumes = catalog.pending().oldestByVolume().entrySet().stream()
                .filter(volume -> !volume.getValue().isAfter(due)).map(Map.Entry::getKey)
                // a shelved cartridge cannot be loaded: its changes wait for it to come back (issue 13)
                .filter(tag -> !catalog.shelvedVolumes().isShelved(tag)).toList();
        return sync(volumes, false);
    }

    private void syncDueQuietly() {
        try {
            syncDue();
        } catch (ControllerUnavailableException e) {
            LOG.warnf("Metadata sync waits for the controller: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Metadata sync round failed; the changes stay pending");
        }
    }

    /**
     * @param now true for an operator's request: back-offs are ignored
     * @throws ControllerUnavailableException when the controller is away (a transient failure ends the round)
     */
    private SyncSummary sync(List<String> volumeTags, boolean now) {
        int volumes = 0;
        int changes = 0;
        int skipped = 0;
        List<String> failed = new ArrayList<>();
        for (String volumeTag : volumeTags) {
            RetryBackoff backoff = backoffs.computeIfAbsent(volumeTag, tag -> new RetryBackoff());
            if (!now && !backoff.due(clock.instant())) {
                continue;
            }
            if (!claims.tryClaim(volumeTag)) {
                continue;
            }
            try {
                Written written = syncVolume(volumeTag);
                backoff.succeeded();
                volumes++;
                changes += written.applied();
                skipped += written.skipped();
            } catch (ControllerUnavailableException e) {
                Duration wait = backoff.failed(clock.instant());
                if (e.transientFailure()) {
                    throw e;
                }
                failed.add(volumeTag);
                LOG.errorf("Metadata sync of %s refused (%s: %s); its changes stay pending, next try in %d s",
                        volumeTag, e.code(), e.getMessage(), wait.toSeconds());
            } finally {
                claims.release(volumeTag);
            }
        }
        backoffs.keySet().retainAll(catalog.pending().oldestByVolume().keySet());
        return new SyncSummary(volumes, changes, skipped, failed);
    }

    /** Changes one tape's index took and could not take. */
    private record Written(int applied, int skipped) {
    }

    /** One tape, list after list while a list was cut at the limit. */
    private Written syncVolume(String volumeTag) {
        int applied = 0;
        int skipped = 0;
        long started = System.nanoTime();
        long generation = 0;
        PendingBatch batch;
        do {
            batch = catalog.pending().batch(volumeTag, IndexChanges.LIMIT - 1);
            List<IndexChange> changes = IndexChanges.of(batch);
            IndexUpdate update = controller.updateIndex(volumeTag, changes);
            skippedChanges.log(volumeTag, changes, update.skipped());
            catalog.pending().delete(volumeTag, batch.sentIds());
            catalog.upsertVolume(IndexEntries.volume(update.volume(), clock.instant()));
            backups.request();
            applied += update.applied();
            skipped += update.skipped().size();
            generation = update.volume().generation();
        } while (batch.truncated() && !Thread.currentThread().isInterrupted());
        LOG.infof("Metadata sync of %s: %d changes in its index (%d skipped), index generation %d, %.1f s", volumeTag,
                applied, skipped, generation, (System.nanoTime() - started) / 1e9);
        return new Written(applied, skipped);
    }

    private synchronized ScheduledExecutorService worker() {
        if (worker == null) {
            worker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "metadata-sync");
                thread.setDaemon(true);
                return thread;
            });
        }
        return worker;
    }
}
