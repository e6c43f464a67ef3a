package io.tapelib.controller.jobs;

import java.util.List;
import java.util.Optional;

/**
 * The count of a reclaim's files done, told to the job (the jobs view) and to the caller after each file. Touched by
 * one drive thread at a time (the target's), hence synchronized only for visibility.
 */
final class ReclaimTally {

    private final JobHandle job;
    private final long jobId;
    private final ReclaimListener listener;
    private final String source;
    private final int totalFiles;
    private final long totalBytes;
    private String target = "";
    private int filesDone;
    private long bytesDone;

    ReclaimTally(JobHandle job, long jobId, ReclaimListener listener, String source, List<ReclaimFile> files) {
        this.job = job;
        this.jobId = jobId;
        this.listener = listener;
        this.source = source;
        this.totalFiles = files.size();
        this.totalBytes = files.stream().mapToLong(ReclaimFile::dataBytes).sum();
    }

    /** The volume written from now on; tells the job. */
    synchronized void target(String tag) {
        target = tag;
        job.progress(jobProgress());
    }

    /** A file was written or rejected: tells the job and the caller (which may block, or throw when it is gone). */
    void fileDone(long bytes) {
        ReclaimProgress now;
        synchronized (this) {
            filesDone++;
            bytesDone += bytes;
            job.progress(jobProgress());
            now = new ReclaimProgress(jobId, target, filesDone, totalFiles, bytesDone, totalBytes);
        }
        listener.progress(now);
    }

    /** Total bytes of the call's files. */
    long totalBytes() {
        return totalBytes;
    }

    /**
     * Wraps a migration batch's source so that each file counts as done when the writer asks for the next one (it has
     * then written or rejected it), the last one when the source ends.
     *
     * @param first the batch's first file, which the writer is handed directly
     */
    MigrationSource counting(IncomingFile first, MigrationSource source) {
        return new MigrationSource() {
            private Optional<IncomingFile> previous = Optional.of(first);

            @Override
            public Optional<IncomingFile> nextFile() {
                previous.ifPresent(file -> fileDone(Math.max(0, file.length())));
                previous = source.nextFile();
                return previous;
            }
        };
    }

    private JobProgress jobProgress() {
        return new JobProgress(totalBytes, filesDone, totalFiles, "reclaim " + source + " to "
                + (target.isEmpty() ? "(target not chosen yet)" : target), 0);
    }
}
