package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.LiveEntry;
import io.tapelib.gateway.catalog.ReclaimCatalog;
import io.tapelib.gateway.catalog.ReclaimCopy;
import io.tapelib.gateway.catalog.ReclaimRecord;
import io.tapelib.gateway.catalog.ReclaimSwitch;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.catalog.VolumeUse;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.ReclaimProgress;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.controller.VolumeSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The reclaim of one cartridge, one step at a time (issue 13): a step copies one batch of its live entries through
 * Reclaim and switches them to the target in one catalog transaction, or, once nothing live is left on it, formats it
 * (erase, expected UUID: the catalog's) and records it blank. Everything it needs is in the catalog, so a gateway that
 * restarts takes the reclaim up where it was; a failed batch changes nothing and is sent again. Not thread-safe: the
 * reclaim thread runs it.
 */
final class ReclaimRun {
    private static final Logger LOG = Logger.getLogger(ReclaimRun.class);
    /** Most entries in one Reclaim call, whatever their bytes: bounds the request message and one transaction. */
    static final int BATCH_FILES = 5_000;
    /** Batches in a row that switched nothing before the reclaim is given up (a file the targets keep refusing). */
    static final int STALLED_BATCHES = 3;

    /** What a step did. */
    enum Step {
        /** A batch was copied and switched. */
        COPIED,
        /** Nothing live was left; the cartridge is formatted and blank now. */
        FORMATTED,
        /** The reclaim was given up (logged): a Format refusal, or batches that switched nothing. */
        GIVEN_UP
    }

    private final Catalog catalog;
    private final ReclaimCatalog reclaims;
    private final TapeController controller;
    private final BackupRequests backups;
    private final Clock clock;
    private final long batchBytes;
    private final ReclaimRecord record;
    private final int totalFiles;
    private final long totalBytes;
    private volatile String target = "";
    private volatile int filesDone;
    private volatile long bytesDone;
    private volatile long batchBytesDone;
    private int stalled;
    /** Told of the run's status after each progress message of the controller and each batch. */
    private final Consumer<ReclaimStatus> progressed;

    /**
     * Takes up the recorded reclaim, its totals what the source holds live now.
     *
     * @param progressed told of the status at each progress message and after each batch (must not block)
     */
    ReclaimRun(Catalog catalog, TapeController controller, BackupRequests backups, Clock clock, long batchBytes,
               ReclaimRecord record, Consumer<ReclaimStatus> progressed) {
        this.progressed = progressed;
        this.catalog = catalog;
        this.reclaims = catalog.reclaims();
        this.controller = controller;
        this.backups = backups;
        this.clock = clock;
        this.batchBytes = batchBytes;
        this.record = record;
        VolumeUse use = reclaims.volumeUse(record.volumeTag()).orElse(null);
        this.totalFiles = use == null ? 0 : use.liveEntries();
        this.totalBytes = use == null ? 0 : use.liveBytes();
        LOG.infof("Reclaim of %s %s: %d live entries, %d live bytes, %d dead bytes to free", record.volumeTag(),
                record.since().isBefore(clock.instant().minusSeconds(1)) ? "goes on" : "starts", totalFiles,
                totalBytes, use == null ? 0 : use.deadBytes());
    }

    String volumeTag() {
        return record.volumeTag();
    }

    ReclaimStatus status() {
        return new ReclaimStatus(record.volumeTag(), target, filesDone, totalFiles, bytesDone + batchBytesDone,
                totalBytes, record.since());
    }

    /**
     * Copies the next batch, or formats the cartridge once nothing live is left on it.
     *
     * @param exclude other cartridges being reclaimed (never targets)
     * @return {@link Step#GIVEN_UP} also when the controller refuses the source (FAILED_PRECONDITION: write protected,
     *         not LTFS, or another volume than the catalog's)
     * @throws ControllerUnavailableException when the controller is away or fails the call (nothing changed in the
     *                                        catalog: the batch is sent again after a back-off)
     */
    Step step(List<String> exclude) {
        String source = record.volumeTag();
        filesDone += reclaims.releaseHeldElsewhere(source);
        List<LiveEntry> entries = reclaims.liveEntries(source, batchBytes, BATCH_FILES);
        if (entries.isEmpty()) {
            return format();
        }
        ReclaimBatches.Built built = new ReclaimBatches(catalog).build(source, entries, exclude);
        long started = System.nanoTime();
        batchBytesDone = 0;
        MigrationReport report;
        try {
            report = controller.reclaim(built.batch(), this::progress);
        } catch (ControllerUnavailableException e) {
            batchBytesDone = 0;
            if (!"FAILED_PRECONDITION".equals(e.code())) {
                throw e;
            }
            // The source itself is refused (write protected, not LTFS, another volume): no retry can change that.
            LOG.errorf("Reclaim of %s given up: the controller refuses to copy from it (%s); its files stay on it",
                    source, e.getMessage());
            reclaims.end(source);
            return Step.GIVEN_UP;
        }
        batchBytesDone = 0;
        double seconds = (System.nanoTime() - started) / 1e9;
        if (report.volume().isEmpty()) {
            return stalled("the controller wrote no volume", report);
        }
        VolumeSummary written = report.volume().get();
        target = written.volumeTag();
        catalog.upsertVolume(IndexEntries.volume(written, clock.instant()));
        backups.request();
        List<ReclaimCopy> copies = new ArrayList<>();
        long bytes = 0;
        for (MigrationReport.Migrated file : report.migrated()) {
            LiveEntry sent = built.sent().get(file.fileId());
            if (sent != null) {
                copies.add(new ReclaimCopy(sent, file.extents().stream().map(IndexEntries::extent).toList(),
                        file.sha256()));
                bytes += sent.bytes();
            }
        }
        ReclaimSwitch switched = reclaims.switchBatch(source, target, copies, clock.instant());
        filesDone += switched.switched();
        bytesDone += bytes;
        for (String path : switched.mismatched()) {
            LOG.errorf("Reclaim of %s: the copy of %s on %s has another SHA-256 than the catalog's; the file stays"
                    + " on %s", source, path, target, source);
        }
        for (MigrationReport.Rejected rejected : report.rejected()) {
            LOG.warnf("Reclaim of %s: %s refused %s (%s: %s)", source, target, rejected.path(), rejected.reason(),
                    rejected.detail());
        }
        int unreached = built.sent().size() - report.migrated().size() - report.rejected().size();
        LOG.infof("Reclaim of %s: batch of %d entries (%d bytes in %.1f s, %.1f MB/s) copied to %s, index"
                        + " generation %d; %d switched, %d renamed meanwhile, %d deleted or changed meanwhile,"
                        + " %d refused, %d not reached",
                source, report.migrated().size(), bytes, seconds, bytes / 1e6 / Math.max(seconds, 1e-9), target,
                written.generation(), switched.switched(), switched.renamed(), switched.skipped(),
                report.rejected().size(), Math.max(0, unreached));
        progressed.accept(status());
        if (switched.switched() == 0 && !switched.sourceEmpty()) {
            return stalled("no entry of the batch could be switched", report);
        }
        stalled = 0;
        return Step.COPIED;
    }

    private void progress(ReclaimProgress progress) {
        batchBytesDone = progress.bytesDone();
        if (!progress.target().isEmpty()) {
            target = progress.target();
        }
        progressed.accept(status());
    }

    private Step stalled(String why, MigrationReport report) {
        if (++stalled < STALLED_BATCHES) {
            return Step.COPIED;
        }
        LOG.errorf("Reclaim of %s given up after %d batches that moved nothing (%s; %d refused): its files stay on it",
                record.volumeTag(), stalled, why, report.rejected().size());
        reclaims.end(record.volumeTag());
        return Step.GIVEN_UP;
    }

    /** Formats the source once the catalog shows nothing live on it, then records it blank (the scratch pool). */
    private Step format() {
        String source = record.volumeTag();
        VolumeRecord volume = catalog.volume(source).orElse(null);
        if (volume == null || reclaims.holdsLive(source)) {
            // Never format a cartridge that still holds the only copy of anything.
            return Step.COPIED;
        }
        try {
            controller.format(source, true, volume.uuid() == null ? "" : volume.uuid());
        } catch (ControllerUnavailableException e) {
            if (e.transientFailure() || "CANCELLED".equals(e.code())) {
                throw e;
            }
            if ("FAILED_PRECONDITION".equals(e.code()) && formattedBefore(volume)) {
                // A Format whose answer or record a crash lost: the cartridge holds an empty volume already.
                return recordFormatted(volume);
            }
            LOG.errorf("Reclaim of %s given up: the controller refuses to format it (%s); its catalog rows stay",
                    source, e.getMessage());
            reclaims.end(source);
            return Step.GIVEN_UP;
        }
        return recordFormatted(volume);
    }

    private Step recordFormatted(VolumeRecord volume) {
        String source = volume.volumeTag();
        Instant now = clock.instant();
        reclaims.recordFormatted(new VolumeRecord(source, null, VolumeState.BLANK, 0, volume.capacityBytes(),
                volume.capacityBytes(), volume.blockSize(), now));
        backups.request();
        LOG.infof("Reclaim of %s done: %d entries (%d bytes) copied or found elsewhere since %s; formatted, it is blank"
                + " and in the scratch pool (%d bytes)", source, filesDone, bytesDone, record.since(),
                volume.capacityBytes());
        return Step.FORMATTED;
    }


    /**
     * Whether the cartridge holds an empty volume other than the catalog's (or none): what an earlier Format left
     * when the gateway or the controller stopped before the catalog recorded it.
     */
    private boolean formattedBefore(VolumeRecord volume) {
        VolumeSummary[] found = new VolumeSummary[1];
        int[] entries = new int[1];
        controller.readIndex(volume.volumeTag(), new io.tapelib.gateway.controller.IndexSink() {
            @Override
            public void volume(VolumeSummary summary) {
                found[0] = summary;
            }

            @Override
            public void entry(io.tapelib.gateway.controller.TapeIndexEntry entry) {
                if (!entry.path().isEmpty()) {
                    entries[0]++;
                }
            }
        });
        return found[0] != null && entries[0] == 0
                && (found[0].uuid() == null || !found[0].uuid().equals(volume.uuid()));
    }
}
