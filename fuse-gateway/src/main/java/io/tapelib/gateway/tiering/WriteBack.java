package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.controller.VolumeSummary;
import io.tapelib.gateway.posix.FileKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Migrates dirty files to tape once they have not changed for the write delay (shared/DESIGN.md
 * section 1), in batches the controller writes to one tape followed by an index. A file is clean only
 * after the controller confirmed data and index (section 7) and only if it did not change meanwhile;
 * otherwise it stays dirty and goes in a later batch.
 *
 * <p>The controller answers per file ({@link MigrationReport}): every migrated file is
 * recorded, also when the volume filled during the batch; the files it did not reach are sent again at
 * once (it takes another volume); a file it refuses (path conflict, too large, invalid) is logged once and
 * not sent again until it changes ({@link RejectedFiles}, in memory). A round that fails (controller away or
 * refusing) is tried again after a back-off of 1 s doubling to 5 minutes ({@link RetryBackoff}).
 */
@ApplicationScoped
public class WriteBack {
    private static final Logger LOG = Logger.getLogger(WriteBack.class);
    /** Most bytes migrated in one batch: bounds how long one Migrate call holds a drive. */
    static final long BATCH_BYTES = 8L * 1024 * 1024 * 1024;

    private final Catalog catalog;
    private final CacheStore cache;
    private final TapeController controller;
    private final GatewayConfig config;
    private final Clock clock;
    private final BackupRequests backups;
    private final RejectedFiles rejected = new RejectedFiles();
    private final RetryBackoff backoff = new RetryBackoff();
    private ScheduledExecutorService timer;

    /** Wires the write-back; nothing runs before {@link #start()}. */
    public WriteBack(Catalog catalog, CacheStore cache, TapeController controller, GatewayConfig config, Clock clock,
                     BackupRequests backups) {
        this.backups = backups;
        this.catalog = catalog;
        this.cache = cache;
        this.controller = controller;
        this.config = config;
        this.clock = clock;
    }

    /** Starts the periodic look (every write-back interval) for files whose write delay has passed (one thread). */
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "write-back");
                thread.setDaemon(true);
                return thread;
            });
            long period = config.writeBackInterval().toMillis();
            timer.scheduleWithFixedDelay(this::runQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops the periodic look and interrupts a round in progress; a Migrate call in flight is cancelled and
     * its files stay dirty (they go in a batch after the next start). Does not wait for the round to end.
     */
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void runQuietly() {
        Instant now = clock.instant();
        if (!backoff.due(now)) {
            return;
        }
        try {
            migrateDueFiles();
            backoff.succeeded();
        } catch (ControllerUnavailableException e) {
            Duration wait = backoff.failed(now);
            LOG.warnf("Write-back waits for the controller (next try in %d s): %s", wait.toSeconds(), e.getMessage());
        } catch (RuntimeException e) {
            Duration wait = backoff.failed(now);
            LOG.errorf(e, "Write-back round failed; the files stay dirty and are tried again in %d s", wait.toSeconds());
        }
    }

    /**
     * Migrates every file whose last change is older than the write delay, batch by batch; files refused
     * before and unchanged since are left out.
     *
     * @return the number of files made clean
     * @throws ControllerUnavailableException when the controller is away or fails a batch, or when volume
     *                                        after volume was full without taking a file
     */
    public int migrateDueFiles() {
        List<Inode> dirty = catalog.dirtyFiles(clock.instant().minus(config.writeDelay()));
        rejected.retainOnly(dirty.stream().map(Inode::id).collect(Collectors.toSet()));
        List<Inode> due = dirty.stream().filter(inode -> !rejected.heldBack(inode) && hasContent(inode)).toList();
        MigrationQueue queue = new MigrationQueue(due, BATCH_BYTES);
        int cleaned = 0;
        for (List<Inode> batch = queue.nextBatch(); !batch.isEmpty(); batch = queue.nextBatch()) {
            cleaned += migrate(batch, queue);
        }
        if (queue.stalled()) {
            throw new ControllerUnavailableException("RESOURCE_EXHAUSTED",
                    "every volume the controller offered was full; " + cleaned + " files migrated this round", null);
        }
        return cleaned;
    }

    /**
     * False for a file whose content is gone from the cache (marked lost at start-up, or its object file found
     * missing now: marked lost and logged once): it never reached tape, so nothing can migrate it, and sending it
     * would fail the whole batch. The other files go on.
     */
    private boolean hasContent(Inode inode) {
        if (inode.kind() != FileKind.FILE) {
            return true;
        }
        if (cache.isLost(inode.id())) {
            return false;
        }
        if (Files.isRegularFile(cache.objectPath(inode.id()))) {
            return true;
        }
        if (inode.size() == 0) {
            cache.create(inode.id());
            return true;
        }
        if (cache.markLost(inode.id())) {
            LOG.errorf("Dirty file %s (inode %d, %d bytes) has no content in the cache (%s is missing): it never"
                    + " reached tape and is lost; marked lost (reads give EIO), left out of write-back until it is"
                    + " deleted or written anew", catalog.pathOf(inode.id()).orElse("?"), inode.id(), inode.size(),
                    cache.objectPath(inode.id()));
        }
        return false;
    }

    private int migrate(List<Inode> batch, MigrationQueue queue) {
        Map<Long, Inode> seen = new HashMap<>();
        Map<Long, String> paths = new HashMap<>();
        List<MigrationSource> sources = new ArrayList<>();
        for (Inode inode : batch) {
            Optional<String> path = catalog.pathOf(inode.id());
            if (path.isEmpty()) {
                continue;
            }
            seen.put(inode.id(), inode);
            paths.put(inode.id(), path.get());
            sources.add(source(inode, path.get(),
                    inode.kind() != FileKind.FILE ? null : cache.objectPath(inode.id())));
        }
        if (sources.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        MigrationReport result = controller.migrate("", sources);
        double seconds = (System.nanoTime() - started) / 1e9;
        BatchOutcome outcome = BatchOutcome.of(sources.stream().map(MigrationSource::fileId).toList(), result);
        String volumeTag = result.volume().map(VolumeSummary::volumeTag).orElse("");
        result.volume().ifPresent(volume -> catalog.upsertVolume(IndexEntries.volume(volume, clock.instant())));
        int cleaned = 0;
        long bytes = 0;
        for (MigrationReport.Migrated file : outcome.migrated()) {
            Inode before = seen.get(file.fileId());
            if (before == null) {
                continue;
            }
            bytes += before.size();
            if (catalog.recordMigration(before.id(), before.changeCounter(), volumeTag,
                    file.extents().stream().map(IndexEntries::extent).toList(), file.sha256())) {
                cache.markClean(before.id());
                cleaned++;
            }
        }
        for (MigrationReport.Rejected file : outcome.refused()) {
            Inode before = seen.get(file.fileId());
            if (before != null && rejected.remember(before.id(), before.changeCounter())) {
                LOG.errorf("The controller refuses to migrate %s (%s: %s); it stays only in the cache until it changes",
                        paths.get(before.id()), file.reason(), file.detail());
            }
        }
        queue.settle(batch, outcome);
        if (result.volume().isPresent()) {
            // A confirmed batch means a new index on that tape: the catalog backup follows it (DESIGN section 7).
            backups.request();
        }
        LOG.infof("Migrated %d of %d files (%d bytes in %.1f s, %.1f MB/s) to %s, index generation %d%s", cleaned,
                sources.size(), bytes, seconds, bytes / 1e6 / Math.max(seconds, 1e-9), volumeTag,
                result.volume().map(VolumeSummary::generation).orElse(0L),
                outcome.volumeFull() ? "; the volume is full, " + outcome.sendAgain().size() + " files go on at once" : "");
        return cleaned;
    }

    private MigrationSource source(Inode inode, String path, Path data) {
        return MigrationSources.of(catalog, inode, path, data);
    }
}
