package io.tapelib.controller.jobs;

/**
 * How far a job over many files or cartridges is, beyond its byte count (issue 13: reclaim and import/export show
 * it in the jobs view).
 *
 * @param totalBytes bytes the whole job moves, 0 when unknown
 * @param files      files done so far
 * @param totalFiles files in the whole job, 0 when it is not a job over files
 * @param detail     one line for the operator (a reclaim's target, the volume tags an import moved), empty for none
 * @param slot       the element a move, import or export took the cartridge from, 0 when it does not apply
 */
public record JobProgress(long totalBytes, int files, int totalFiles, String detail, int slot) {
    /** No progress beyond bytes. */
    public static final JobProgress NONE = new JobProgress(0, 0, 0, "", 0);

    public JobProgress {
        detail = detail == null ? "" : detail;
    }
}
