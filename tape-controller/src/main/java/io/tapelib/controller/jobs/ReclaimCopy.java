package io.tapelib.controller.jobs;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * One reclaim (a RECLAIM job), run on a coordinator thread: the target chosen as for a migration (never the source nor
 * an excluded volume), then the copy drive to drive ({@link DriveToDriveCopy}) when a second drive is free, else in
 * rounds through the staging directory ({@link StagedCopy}). The source is only read.
 */
final class ReclaimCopy {

    private final VolumeTasks tasks;
    private final DriveQueues drives;
    private final MigrationTargets targets;
    private final JobHistory jobs;
    private final DriveToDriveCopy driveToDrive;
    private final StagedCopy staged;

    ReclaimCopy(VolumeTasks tasks, DriveQueues drives, MigrationTargets targets, MigrationBatchWriter writer,
                JobHistory jobs, StagingArea staging) {
        this.tasks = tasks;
        this.drives = drives;
        this.targets = targets;
        this.jobs = jobs;
        BooleanSupplier closing = drives::closing;
        this.driveToDrive = new DriveToDriveCopy(tasks, writer, closing);
        this.staged = new StagedCopy(tasks, writer, staging);
    }

    /**
     * Copies the request's files; blocks until the result is on tape.
     *
     * @return the target with the generation of the index naming the files, the files written (new extents and
     *         sha256), the rejected ones; files in neither list were not reached (the target filled)
     * @throws VolumeNotFoundException    unknown source volume tag
     * @throws UnsupportedVolumeException the source is not an LTFS volume ({@link UnexpectedVolumeException}: not the
     *                                    expected one)
     * @throws TapeFullException          no volume has room for the first file and no blank cartridge is left
     * @throws java.util.concurrent.CancellationException the caller went away or the controller shuts down
     */
    MigrationResult run(ReclaimRequest request, ReclaimListener listener) {
        String source = tasks.checkedTag(request.sourceVolumeTag());
        List<ReclaimFile> ordered = SourceReads.alongTape(request.files());
        Set<String> excluded = new HashSet<>(request.excluded());
        excluded.add(source);
        long firstBytes = ordered.stream().mapToLong(ReclaimFile::dataBytes).filter(b -> b > 0).findFirst().orElse(0);
        String target = targets.reserve(request.preferredTarget(), firstBytes, excluded);
        try {
            DriveContext sourceDrive = tasks.reserve(source);
            JobHandle job = jobs.submit(JobType.RECLAIM, source, sourceDrive.index);
            Optional<DriveContext> targetDrive = drives.chooseOther(target, sourceDrive);
            ReclaimPlan plan = new ReclaimPlan(job, job.id(), source, target, ordered, request.expected(),
                    request.pendingChanges(), new ReclaimTally(job, job.id(), listener, source, ordered), listener);
            job.started();
            plan.tally().target(target);
            try {
                MigrationResult result = targetDrive.isPresent()
                        ? driveToDrive.copy(plan, sourceDrive, targetDrive.get())
                        : staged.copy(plan, sourceDrive, request.stagingBytes());
                job.succeeded();
                return result;
            } catch (RuntimeException e) {
                job.failed(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                throw e;
            }
        } finally {
            targets.release(target);
        }
    }
}
