package io.tapelib.controller.jobs;

import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.ltfs.AppliedChanges;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.IndexChange;
import io.tapelib.controller.ltfs.InvalidEntryException;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.LtfsVolumes;
import io.tapelib.controller.ltfs.PathConflictException;
import io.tapelib.controller.ltfs.WrittenFile;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Writes one migration batch on a drive's thread: file by file, an index on the data partition at least every
 * {@code indexSyncInterval} and at the end, a file the volume cannot take rejected alone, and the end of the volume
 * ending the batch.
 */
final class MigrationBatchWriter {

    // the scheduler's log category: operators filter on it, and these lines were always logged under it
    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final IndexWrites indexWrites;
    private final KnownVolumes known;
    /** Longest time data may sit on tape without an index naming it during a batch (INDEX_SYNC_INTERVAL). */
    private final Duration indexSyncInterval;

    MigrationBatchWriter(DriveQueues drives, DriveCartridges cartridges, KnownVolumes known, Duration indexSyncInterval) {
        this.indexWrites = new IndexWrites(drives, cartridges);
        this.known = known;
        this.indexSyncInterval = indexSyncInterval;
    }

    /**
     * Writes {@code first} and the rest of {@code source} to the volume, formatting a blank cartridge first, then an
     * index naming the files written on the data partition; see {@link DriveScheduler#migrate} for the rejections and
     * the volume-full rule. {@code rejectedBefore} are the batch's files refused before the volume was chosen.
     *
     * @throws io.tapelib.controller.device.WriteProtectedException the volume may not be written
     */
    MigrationResult write(LoadedVolume volume, JobHandle job, IncomingFile first, MigrationSource source,
                          List<RejectedFile> rejectedBefore, Map<String, List<IndexChange>> pendingChanges) {
        LtfsVolume ltfs = volume.mountOrFormat();
        ltfs.checkWritable();
        // before the files: a pending removal or rename of a path must not touch a file this batch writes there
        List<IndexChange> pending = pendingChanges.get(volume.volumeTag());
        Optional<AppliedChanges> changes = Optional.ofNullable(pending).map(ltfs::applyChanges);
        changes.ifPresent(applied -> LOG.infof("drive %d: %s: %d of %d pending metadata change(s) applied before the"
                + " batch%s", volume.drive(), volume.volumeTag(), applied.applied(), pending.size(),
                applied.skipped().isEmpty() ? "" : "; skipped: " + applied.skipped()));
        long largestFile = Math.max(known.largestFileBytes(), LtfsVolumes.largestFileBytes(ltfs.capacityBytes(), ltfs.blockSize()));
        List<MigratedFile> written = new ArrayList<>();
        List<RejectedFile> rejected = new ArrayList<>(rejectedBefore);
        boolean volumeFull;
        try {
            volumeFull = writeFiles(volume, ltfs, job, first, source, largestFile, written, rejected);
        } catch (CancellationException | IllegalArgumentException e) {
            indexAfterCutOff(volume, ltfs, written.size(), e);
            throw e;
        }
        indexWrites.write(volume, ltfs);
        VolumeSummary summary = volume.summary();
        known.remember(summary);
        if (volumeFull) {
            int unreached = 0;
            while (source.nextFile().isPresent()) {
                unreached++;
            }
            LOG.infof("drive %d: %s: %d file(s) of the batch not reached (read and discarded)", volume.drive(),
                    volume.volumeTag(), unreached + 1);
        }
        return new MigrationResult(Optional.of(summary), written, rejected, volumeFull, changes);
    }

    /**
     * Writes the batch's files until the source ends or the volume is full, adding to {@code written} and
     * {@code rejected}, with an index on the data partition every {@code indexSyncInterval}.
     *
     * @return whether the volume became full
     */
    private boolean writeFiles(LoadedVolume volume, LtfsVolume ltfs, JobHandle job, IncomingFile first,
                               MigrationSource source, long largestFile, List<MigratedFile> written,
                               List<RejectedFile> rejected) {
        long lastIndex = System.nanoTime();
        Optional<IncomingFile> next = Optional.of(first);
        while (next.isPresent()) {
            IncomingFile file = next.get();
            Optional<RejectedFile> refusal = refuseWithoutVolume(file, largestFile);
            if (refusal.isPresent()) {
                rejected.add(refusal.get());
            } else {
                try {
                    written.add(writeOne(ltfs, file, job));
                    if (System.nanoTime() - lastIndex >= indexSyncInterval.toNanos()) {
                        // a long batch: the data written so far gets an index now (INDEX_SYNC_INTERVAL)
                        indexWrites.write(volume, ltfs);
                        lastIndex = System.nanoTime();
                    }
                } catch (InvalidEntryException e) {
                    rejected.add(new RejectedFile(file.fileId(), file.metadata().path(), RejectReason.INVALID, e.getMessage()));
                } catch (PathConflictException e) {
                    rejected.add(new RejectedFile(file.fileId(), file.metadata().path(), RejectReason.PATH_CONFLICT,
                            e.getMessage()));
                } catch (EndOfMediumException e) {
                    LOG.infof("drive %d: %s is full after %d file(s) of this batch (%s); the rest of the batch goes to"
                            + " another volume later", volume.drive(), volume.volumeTag(), written.size(), e.getMessage());
                    return true;
                }
            }
            next = source.nextFile();
        }
        return false;
    }

    /**
     * The batch's stream was cut off (the client went away, the controller shuts down, or the stream was malformed):
     * the files complete so far are on tape and get an index naming them, written over whatever the file in progress
     * left (the gateway sends that file again); nothing is confirmed to a client that is gone.
     */
    private void indexAfterCutOff(LoadedVolume volume, LtfsVolume ltfs, int complete, RuntimeException cause) {
        try {
            indexWrites.write(volume, ltfs);
            LOG.infof("drive %d: %s: migration cut off after %d complete file(s), which an index names; the file in"
                    + " progress was dropped (%s)", volume.drive(), volume.volumeTag(), complete, cause.getMessage());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Writes one entry and its hard links; an LTFS refusal of the entry happens before any data is written. A link
     * the index cannot take (a directory at its path) is left out with a warning: the file itself is on tape.
     */
    private static MigratedFile writeOne(LtfsVolume ltfs, IncomingFile file, JobHandle job) {
        if (file.metadata().kind() != EntryKind.FILE) {
            return new MigratedFile(file.fileId(), ltfs.writeEntry(file.metadata(), file.xattrs()), "");
        }
        WrittenFile result = ltfs.writeFile(file.metadata(), file.xattrs(), file.data(), file.length());
        job.addBytes(file.length());
        if (!file.links().isEmpty()) {
            List<IndexChange> links = file.links().stream()
                    .<IndexChange>map(link -> new IndexChange.Link(link, result.entry().path())).toList();
            AppliedChanges linked = ltfs.applyChanges(links);
            linked.skipped().forEach(skipped -> LOG.warnf("%s: hard link '%s' of '%s' not written: %s",
                    ltfs.volumeTag(), file.links().get(skipped.index()), result.entry().path(), skipped.detail()));
        }
        return new MigratedFile(file.fileId(), result.entry(), result.sha256());
    }

    /**
     * The refusals that need no volume: a negative length or a path LTFS cannot carry (INVALID), a file larger than
     * {@code largestFileBytes} (TOO_LARGE; 0 when no cartridge's capacity is known yet, which skips that check).
     */
    static Optional<RejectedFile> refuseWithoutVolume(IncomingFile file, long largestFileBytes) {
        String path = file.metadata().path();
        if (file.length() < 0) {
            return Optional.of(new RejectedFile(file.fileId(), path, RejectReason.INVALID,
                    "'" + path + "' announces a negative length of " + file.length() + " bytes"));
        }
        try {
            LtfsVolumes.checkPath(path);
        } catch (InvalidEntryException e) {
            return Optional.of(new RejectedFile(file.fileId(), path, RejectReason.INVALID, e.getMessage()));
        }
        if (largestFileBytes > 0 && file.length() > largestFileBytes) {
            return Optional.of(new RejectedFile(file.fileId(), path, RejectReason.TOO_LARGE, "'" + path + "' is "
                    + file.length() + " bytes; an empty cartridge takes at most " + largestFileBytes
                    + " bytes of files and a file never spans tapes"));
        }
        return Optional.empty();
    }
}
