package io.tapelib.controller.jobs;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * A reclaim with two drives: the source read in one, the target written in the other at the same time, each file's
 * data streamed between the two drive threads through a bounded {@link FileHandOff} (never a whole file in memory).
 * The target is written by {@link MigrationBatchWriter}, as a migration batch, index included.
 */
final class DriveToDriveCopy {

    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    /**
     * Longest wait of one drive for the other without progress: the other may first wait in its drive's queue, move a
     * cartridge and thread it (a minute at real speed), or format a blank target.
     */
    static final Duration STALL = Duration.ofMinutes(15);

    private final VolumeTasks tasks;
    private final MigrationBatchWriter writer;
    private final BooleanSupplier closing;

    DriveToDriveCopy(VolumeTasks tasks, MigrationBatchWriter writer, BooleanSupplier closing) {
        this.tasks = tasks;
        this.writer = writer;
        this.closing = closing;
    }

    /**
     * Copies on the two reserved drives; blocks until both are done.
     *
     * @return the target batch's result: files written with their new extents, once an index naming them is on tape
     * @throws RuntimeException what the side that failed first failed with (the other then stops too)
     */
    MigrationResult copy(ReclaimPlan plan, DriveContext sourceDrive, DriveContext targetDrive) {
        FileHandOff handOff = new FileHandOff(STALL, plan.listener()::checkActive, closing);
        LOG.infof("reclaim job %d: %s in drive %d to %s in drive %d, drive to drive: %d file(s), %d bytes", plan.jobId(),
                plan.source(), sourceDrive.index, plan.target(), targetDrive.index, plan.files().size(),
                plan.tally().totalBytes());
        CompletableFuture<Void> reading = tasks.submit(sourceDrive, plan.source(), plan.job(), (volume, job) -> {
            try {
                read(plan, volume, handOff);
            } catch (RuntimeException e) {
                handOff.abort(e);
                throw e;
            }
            return null;
        });
        CompletableFuture<MigrationResult> writing = tasks.submit(targetDrive, plan.target(), plan.job(), (volume, job) -> {
            try {
                return write(plan, volume, handOff);
            } catch (RuntimeException e) {
                handOff.abort(e);
                throw e;
            }
        });
        // a task refused at submission never runs: the other side must not wait for it
        reading.whenComplete((ignored, error) -> Optional.ofNullable(error).ifPresent(handOff::abort));
        writing.whenComplete((ignored, error) -> Optional.ofNullable(error).ifPresent(handOff::abort));
        try {
            CompletableFuture.allOf(reading, writing).join();
        } catch (CompletionException e) {
            Throwable first = handOff.stopped().orElse(e.getCause());
            throw first instanceof RuntimeException r ? r : new CompletionException(first);
        }
        MigrationResult result = writing.join();
        LOG.infof("reclaim job %d: %d file(s) on %s, %d rejected%s", plan.jobId(), result.files().size(), plan.target(),
                result.rejected().size(), result.volumeFull() ? "; the target is full" : "");
        return result;
    }

    private static void read(ReclaimPlan plan, DriveVolume volume, FileHandOff handOff) {
        SourceReads reads = SourceReads.open(volume, plan.expected(), plan.listener());
        for (ReclaimFile file : plan.files()) {
            handOff.start(file);
            reads.read(file, (buffer, offset, length) -> {
                byte[] copy = new byte[length];
                System.arraycopy(buffer, offset, copy, 0, length);
                handOff.chunk(copy);
            });
            handOff.fileEnd();
        }
        handOff.end();
    }

    private MigrationResult write(ReclaimPlan plan, DriveVolume volume, FileHandOff handOff) {
        Optional<IncomingFile> first = handOff.nextFile();
        if (first.isEmpty()) {
            return new MigrationResult(Optional.empty(), List.of(), List.of(), false);
        }
        plan.tally().target(volume.volumeTag());
        return writer.write(volume, plan.job(), first.get(), plan.tally().counting(first.get(), handOff), List.of(),
                plan.pending());
    }
}
