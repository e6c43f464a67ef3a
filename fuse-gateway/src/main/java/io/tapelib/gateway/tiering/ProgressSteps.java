package io.tapelib.gateway.tiering;

import io.tapelib.gateway.jobs.GatewayJobs;

/**
 * Hands a job's byte progress to {@link GatewayJobs} in steps of about 1% of its total (at least 64 KiB), and always
 * its end: every change of a job is an event for the operator's listeners, and a 1 GiB recall delivers thousands of
 * chunks. Used by one thread at a time.
 */
final class ProgressSteps {
    private static final long LEAST_STEP = 64 * 1024;

    private final GatewayJobs.Handle job;
    private final long totalBytes;
    private final int totalFiles;
    private final long step;
    private long reported = -1;
    private int filesReported = -1;

    ProgressSteps(GatewayJobs.Handle job, long totalBytes, int totalFiles) {
        this.job = job;
        this.totalBytes = totalBytes;
        this.totalFiles = totalFiles;
        this.step = Math.max(LEAST_STEP, totalBytes / 100);
    }

    /** Bytes and files done so far; reported when a step was passed, a file ended, or everything is done. */
    void at(long bytes, int files) {
        if (files != filesReported || bytes - reported >= step || bytes >= totalBytes) {
            if (bytes == reported && files == filesReported) {
                return;
            }
            reported = bytes;
            filesReported = files;
            job.progress(bytes, totalBytes, files, totalFiles);
        }
    }
}
