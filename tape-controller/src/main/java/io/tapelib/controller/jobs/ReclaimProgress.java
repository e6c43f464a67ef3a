package io.tapelib.controller.jobs;

/**
 * How far a reclaim is (tapelib.v1 ReclaimProgress).
 *
 * @param jobId           the RECLAIM job
 * @param targetVolumeTag the volume written
 * @param filesDone       files written or rejected so far
 * @param totalFiles      files of the call
 * @param bytesDone       bytes of those files
 * @param totalBytes      bytes of all files of the call
 */
public record ReclaimProgress(long jobId, String targetVolumeTag, int filesDone, int totalFiles, long bytesDone,
                              long totalBytes) {
}
