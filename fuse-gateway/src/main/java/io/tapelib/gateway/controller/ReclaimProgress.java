package io.tapelib.gateway.controller;

/**
 * How far the controller is with one Reclaim call (tape_controller.proto, ReclaimProgress): at least one per file.
 *
 * @param jobId      the controller's RECLAIM job
 * @param target     the volume tag written, empty until the controller chose one
 * @param filesDone  files of the call copied so far
 * @param totalFiles files of the call
 * @param bytesDone  bytes copied so far
 * @param totalBytes bytes of the call
 */
public record ReclaimProgress(long jobId, String target, int filesDone, int totalFiles, long bytesDone,
                              long totalBytes) {
    public ReclaimProgress {
        target = target == null ? "" : target;
    }
}
