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
import jakarta.inject.Inject;
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
 * not sent again until it changes ({@link RejectedFiles}, in memory). New directories go as entries of their own,
 * and every batch names its files' ancestor directories with their catalog metadata ({@link BatchDirectories});
 * the header carries the tapes' pending metadata changes ({@link HeaderChanges}), deleted once the written tape's
 * index holds them. A round that fails (controller away or
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
    private final PendingClaims claims;
    private final SkippedChanges skippedChanges = new SkippedChanges();
    private ScheduledExecutorService timer;

    /** Wires the write-back with claims of its own (no metadata sync beside it); nothing runs before start. */
    public WriteBack(Catalog catalog, CacheStore cache, TapeController controller, GatewayConfig config, Clock clock,
                     BackupRequests backups) {
        this(catalog, cache, controller, config, clock, backups, new PendingClaims());
    }

    /**
     * Wires the write-back; nothing runs before {@link #start()}.
     *
     * @param claims shared with the {@link MetadataSync}: a tape's pending changes go in one call at a time
     */
    @Inject
    public WriteBack(Catalog catalog, CacheStore cache, TapeController controller, GatewayConfig config, Clock clock,
                     BackupRequests backups, PendingClaims claims) {
        this.claims = claims;
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
        BatchDirectories directories = new BatchDirectories(catalog);
        List<MigrationSource> entries = new ArrayList<>();
        for (Inode inode : batch) {
            Optional<String> path = catalog.pathOf(inode.id());
            if (path.isEmpty()) {
                continue;
            }
            seen.put(inode.id(), inode);
            paths.put(inode.id(), path.get());
            directories.addFor(inode, path.get());
            if (inode.kind() != FileKind.DIRECTORY) {
                entries.add(source(inode, path.get(),
                        inode.kind() == FileKind.FILE ? cache.objectPath(inode.id()) : null));
            }
        }
        if (seen.isEmpty()) {
            return 0;
        }
        Map<Long, Inode> ancestors = new HashMap<>();
        List<MigrationSource> sources = new ArrayList<>();
        directories.inOrder().forEach((path, directory) -> {
            sources.add(source(directory, path, null));
            if (!seen.containsKey(directory.id())) {
                ancestors.put(directory.id(), directory);
            }
        });
        sources.addAll(entries);
        long started = System.nanoTime();
        MigrationReport result;
        int changesCleared;
        try (HeaderChanges header = HeaderChanges.claim(catalog, claims)) {
            result = controller.migrate("", sources, header.lists());
            changesCleared = header.settle(result, skippedChanges);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        BatchOutcome outcome = BatchOutcome.of(sources.stream().map(MigrationSource::fileId).toList(), result);
        String volumeTag = result.volume().map(VolumeSummary::volumeTag).orElse("");
        result.volume().ifPresent(volume -> catalog.upsertVolume(IndexEntries.volume(volume, clock.instant())));
        int cleaned = 0;
        long bytes = 0;
        for (MigrationReport.Migrated file : outcome.migrated()) {
            Inode ancestor = ancestors.get(file.fileId());
            if (ancestor != null) {
                if (catalog.recordDirectoryOnTape(ancestor.id(), ancestor.changeCounter(), volumeTag,
                        clock.instant())) {
                    cache.markClean(ancestor.id());
                }
                continue;
            }
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
        LOG.infof("Migrated %d of %d entries (%d bytes in %.1f s, %.1f MB/s) to %s, index generation %d%s%s", cleaned,
                seen.size(), bytes, seconds, bytes / 1e6 / Math.max(seconds, 1e-9), volumeTag,
                result.volume().map(VolumeSummary::generation).orElse(0L),
                changesCleared > 0 ? "; " + changesCleared + " pending metadata changes in its index" : "",
                outcome.volumeFull() ? "; the volume is full, " + outcome.sendAgain().size() + " files go on at once" : "");
        return cleaned;
    }

    private MigrationSource source(Inode inode, String path, Path data) {
        return MigrationSources.of(catalog, inode, path, data);
    }
}
