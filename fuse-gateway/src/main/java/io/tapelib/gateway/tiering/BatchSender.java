package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.ReclaimRecord;
import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.controller.VolumeSummary;
import io.tapelib.gateway.jobs.GatewayJob;
import io.tapelib.gateway.jobs.GatewayJobs;
import io.tapelib.gateway.posix.FileKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The write-back's sending of one batch ({@link MigrationRound.BatchMigration}), on a worker beside other batches:
 * a WRITE_BACK job that sends the batch's entries, with its files' ancestor directories first
 * ({@link BatchDirectories}), in one Migrate call, then records the controller's answer (DESIGN section 7): the
 * migrated files clean unless they changed meanwhile, the ancestors as on that tape, the refused files held back
 * ({@link RejectedFiles}, shared with the {@link WriteBack}'s choice of due files and locked on it), the header's
 * pending changes settled, and a catalog backup asked for after every confirmed index.
 */
final class BatchSender implements MigrationRound.BatchMigration {
    /** The write-back's category: its batch lines ("Migrated ...", "refuses to migrate") stay where operators look. */
    private static final Logger LOG = Logger.getLogger(WriteBack.class);

    private final Catalog catalog;
    private final CacheStore cache;
    private final TapeController controller;
    private final Clock clock;
    private final BackupRequests backups;
    private final RejectedFiles rejected;
    private final SkippedChanges skippedChanges = new SkippedChanges();
    private final GatewayJobs jobs;

    BatchSender(Catalog catalog, CacheStore cache, TapeController controller, Clock clock, BackupRequests backups,
                RejectedFiles rejected, GatewayJobs jobs) {
        this.catalog = catalog;
        this.cache = cache;
        this.controller = controller;
        this.clock = clock;
        this.backups = backups;
        this.rejected = rejected;
        this.jobs = jobs;
    }

    /**
     * Sends one batch and records its answer: the migrated files clean (unless they changed meanwhile), the refused
     * ones held back. Runs on a worker, beside other batches.
     */
    @Override
    public MigrationRound.Sent migrate(MigrationBatch migrationBatch, HeaderChanges header) {
        return jobs.run(GatewayJob.Type.WRITE_BACK, migrationBatch.placed() ? migrationBatch.target() : null,
                migrationBatch.files().size() + " entries changed at the mount", job -> {
                    job.progress(0, migrationBatch.bytes(), 0, migrationBatch.files().size());
                    return migrate(migrationBatch, header, job,
                            new ProgressSteps(job, migrationBatch.bytes(), migrationBatch.files().size()));
                });
    }

    private MigrationRound.Sent migrate(MigrationBatch migrationBatch, HeaderChanges header, GatewayJobs.Handle job,
                                        ProgressSteps steps) {
        List<Inode> batch = migrationBatch.files();
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
            return new MigrationRound.Sent(new BatchOutcome(List.of(), List.of(), List.of(), false), 0);
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
        // Cartridges being reclaimed are never written to: they are formatted once their live files are copied.
        result = controller.migrate(migrationBatch.target(), sources, header.lists(), catalog.reclaims().reclaims()
                .stream().map(ReclaimRecord::volumeTag).collect(Collectors.toSet()), bytes -> steps.at(bytes, 0));
        changesCleared = header.settle(result, skippedChanges);
        double seconds = (System.nanoTime() - started) / 1e9;
        BatchOutcome outcome = BatchOutcome.of(sources.stream().map(MigrationSource::fileId).toList(), result);
        String volumeTag = result.volume().map(VolumeSummary::volumeTag).orElse("");
        result.volume().ifPresent(volume -> catalog.upsertVolume(IndexEntries.volume(volume, clock.instant())));
        int cleaned = 0;
        long bytes = 0;
        for (MigrationReport.Migrated file : outcome.migrated()) {
            Inode ancestor = ancestors.get(file.fileId());
            if (ancestor != null) {
                if (catalog.copies().recordDirectory(ancestor.id(), ancestor.changeCounter(), volumeTag,
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
            if (catalog.copies().recordMigration(before.id(), before.changeCounter(), volumeTag,
                    file.extents().stream().map(IndexEntries::extent).toList(), file.sha256())) {
                cache.markClean(before.id());
                cleaned++;
            }
        }
        for (MigrationReport.Rejected file : outcome.refused()) {
            Inode before = seen.get(file.fileId());
            boolean news;
            synchronized (rejected) {
                news = before != null && rejected.remember(before.id(), before.changeCounter());
            }
            if (news) {
                LOG.errorf("The controller refuses to migrate %s (%s: %s); it stays only in the cache until it changes",
                        paths.get(before.id()), file.reason(), file.detail());
            }
        }
        job.started(volumeTag.isEmpty() ? null : volumeTag);
        job.progress(bytes, migrationBatch.bytes(), cleaned, batch.size());
        LOG.infof("Migrated %d of %d entries (%d bytes in %.1f s, %.1f MB/s) to %s%s, index generation %d%s%s", cleaned,
                seen.size(), bytes, seconds, bytes / 1e6 / Math.max(seconds, 1e-9), volumeTag,
                migrationBatch.placed() ? " (its directories' cartridge)" : "",
                result.volume().map(VolumeSummary::generation).orElse(0L),
                changesCleared > 0 ? "; " + changesCleared + " pending metadata changes in its index" : "",
                outcome.volumeFull() ? "; the volume is full, " + outcome.sendAgain().size() + " files go on at once" : "");
        if (result.volume().isPresent()) {
            // A confirmed batch means a new index on that tape: the catalog backup follows it (DESIGN section 7),
            // asked for after the batch's log line so that the log tells the two in the order they happened.
            backups.request();
        }
        return new MigrationRound.Sent(outcome, cleaned);
    }

    private MigrationSource source(Inode inode, String path, Path data) {
        return MigrationSources.of(catalog, inode, path, data);
    }
}
