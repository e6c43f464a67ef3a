package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.AppliedChanges;
import io.tapelib.controller.ltfs.IndexChange;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reclaim with one drive (or no second drive free): rounds through the staging directory. Each round reads files
 * from the source into staging until the next would pass the bound, then the target takes the drive (the source is
 * unloaded) and gets them, as a migration batch with its index; the staged files are removed and the source comes back
 * for the next round. A file larger than the bound is rejected alone (TOO_LARGE) and the copy goes on.
 */
final class StagedCopy {

    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final VolumeTasks tasks;
    private final MigrationBatchWriter writer;
    private final StagingArea staging;

    StagedCopy(VolumeTasks tasks, MigrationBatchWriter writer, StagingArea staging) {
        this.tasks = tasks;
        this.writer = writer;
        this.staging = staging;
    }

    /** A file read into staging, with its data file (none for other kinds). */
    private record Staged(ReclaimFile file, Optional<Path> data) {
    }

    /** What one round read: the files staged, those rejected, and where the next round starts. */
    private record Round(List<Staged> staged, List<RejectedFile> rejected, int next, long bytes) {
    }

    /**
     * Copies in rounds; blocks until done.
     *
     * @param sourceDrive the drive reserved for the source's first round
     * @param bound       RECLAIM_STAGING_BYTES
     * @return the files written (each round's named by an index on the target), the rejected ones; volumeFull when the
     *         target filled (the files after it were not reached)
     */
    MigrationResult copy(ReclaimPlan plan, DriveContext sourceDrive, long bound) {
        List<MigratedFile> written = new ArrayList<>();
        List<RejectedFile> rejected = new ArrayList<>();
        Optional<VolumeSummary> target = Optional.empty();
        Optional<AppliedChanges> changes = Optional.empty();
        Map<String, List<IndexChange>> pending = plan.pending();
        DriveContext reserved = sourceDrive;
        boolean full = false;
        int next = 0;
        for (int number = 1; next < plan.files().size() && !full; number++) {
            Path directory;
            try {
                if (reserved == null) {
                    plan.listener().checkActive();
                }
                directory = staging.round(plan.jobId(), number);
            } catch (RuntimeException e) {
                if (reserved != null) {
                    tasks.release(reserved);
                }
                throw e;
            }
            try {
                DriveContext drive = reserved != null ? reserved : tasks.reserve(plan.source());
                reserved = null;
                int from = next;
                Round round = tasks.submit(drive, plan.source(), plan.job(),
                        (volume, job) -> fill(plan, volume, from, directory, bound)).join();
                rejected.addAll(round.rejected());
                next = round.next();
                if (round.staged().isEmpty()) {
                    continue;
                }
                Map<String, List<IndexChange>> roundPending = pending;
                MigrationResult batch = tasks.submit(tasks.reserve(plan.target()), plan.target(), plan.job(),
                        (volume, job) -> write(plan, volume, round.staged(), roundPending)).join();
                pending = Map.of();
                written.addAll(batch.files());
                rejected.addAll(batch.rejected());
                if (batch.volume().isPresent()) {
                    target = batch.volume();
                }
                changes = changes.or(batch::changes);
                full = batch.volumeFull();
                LOG.infof("reclaim job %d: round %d: %d file(s), %d bytes staged from %s, %d written to %s%s",
                        plan.jobId(), number, round.staged().size(), round.bytes(), plan.source(), batch.files().size(),
                        plan.target(), full ? "; the target is full" : "");
            } finally {
                staging.remove(directory);
            }
        }
        return new MigrationResult(target, written, rejected, full, changes);
    }

    /** On the source's drive: reads files from {@code from} into {@code directory} until the bound. */
    private static Round fill(ReclaimPlan plan, DriveVolume volume, int from, Path directory, long bound) {
        SourceReads reads = SourceReads.open(volume, plan.expected(), plan.listener());
        List<Staged> staged = new ArrayList<>();
        List<RejectedFile> rejected = new ArrayList<>();
        long used = 0;
        int index = from;
        for (; index < plan.files().size(); index++) {
            ReclaimFile file = plan.files().get(index);
            long bytes = file.dataBytes();
            if (bytes > bound) {
                rejected.add(new RejectedFile(file.fileId(), file.metadata().path(), RejectReason.TOO_LARGE,
                        "'" + file.metadata().path() + "' is " + bytes + " bytes, more than the staging area of "
                                + bound + " bytes (RECLAIM_STAGING_BYTES) holds; with one drive it cannot be reclaimed"));
                plan.tally().fileDone(0);
                continue;
            }
            if (used + bytes > bound && !staged.isEmpty()) {
                break;
            }
            staged.add(new Staged(file, bytes == 0 ? Optional.empty() : Optional.of(stage(reads, file, directory, index))));
            used += bytes;
        }
        return new Round(staged, rejected, index, used);
    }

    private static Path stage(SourceReads reads, ReclaimFile file, Path directory, int index) {
        Path data = directory.resolve(String.valueOf(index));
        try (OutputStream out = Files.newOutputStream(data)) {
            reads.read(file, (buffer, offset, length) -> {
                try {
                    out.write(buffer, offset, length);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the reclaim staging file " + data + ": "
                            + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reclaim staging file " + data + ": " + e.getMessage(), e);
        }
        return data;
    }

    /** On the target's drive: the staged files as one migration batch (an index naming them at its end). */
    private MigrationResult write(ReclaimPlan plan, DriveVolume volume, List<Staged> staged,
                                  Map<String, List<IndexChange>> pending) {
        plan.tally().target(volume.volumeTag());
        StagedFiles files = new StagedFiles(staged);
        try (files) {
            IncomingFile first = files.nextFile().orElseThrow();
            return writer.write(volume, plan.job(), first, plan.tally().counting(first, files), List.of(), pending);
        }
    }

    /** The staged files of a round as a migration batch's source; each data file is open only while it is read. */
    private static final class StagedFiles implements MigrationSource, AutoCloseable {
        private final List<Staged> staged;
        private int position;
        private InputStream open;

        StagedFiles(List<Staged> staged) {
            this.staged = staged;
        }

        @Override
        public Optional<IncomingFile> nextFile() {
            close();
            if (position == staged.size()) {
                return Optional.empty();
            }
            Staged next = staged.get(position++);
            try {
                open = next.data().isPresent() ? Files.newInputStream(next.data().get()) : InputStream.nullInputStream();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the reclaim staging file " + next.data().get() + ": "
                        + e.getMessage(), e);
            }
            return Optional.of(next.file().incoming(open));
        }

        @Override
        public void close() {
            if (open != null) {
                try {
                    open.close();
                } catch (IOException ignored) {
                    // a file opened for reading only
                }
                open = null;
            }
        }
    }
}
