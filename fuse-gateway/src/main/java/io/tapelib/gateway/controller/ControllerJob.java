package io.tapelib.gateway.controller;

import java.time.Instant;

/**
 * One job of the controller as the operator's APIs show it: the JSON of the controller's REST {@code JobView}
 * (the gateway's forwards answer it, {@code event: job} carries it).
 *
 * @param id         unique within the controller's run, ascending
 * @param type       LOAD, UNLOAD, INDEX, RECALL, MIGRATE, FORMAT, RECLAIM, IMPORT, RECOVER, UPDATE_INDEX, EXPORT, MOVE,
 *                   CLEAN
 * @param state      QUEUED, RUNNING, SUCCEEDED or FAILED
 * @param volumeTag  the cartridge, null when none or not yet known
 * @param drive      the data transfer element; -1 for a job that used none
 * @param submitted  when it was queued
 * @param started    when it started running; null while queued
 * @param finished   when it ended; null while queued or running
 * @param bytes      bytes moved to or from tape so far
 * @param error      why it failed; null otherwise
 * @param totalBytes bytes of the whole job; 0 when unknown
 * @param files      files done so far (jobs over many files)
 * @param totalFiles files of the whole job; 0 when unknown
 * @param detail     one line for the operator (a reclaim's target, the volume tags an import moved); null when none
 * @param slot       the element a MOVE, IMPORT or EXPORT took its cartridge from; null when none
 */
public record ControllerJob(long id, String type, String state, String volumeTag, int drive, Instant submitted,
                            Instant started, Instant finished, long bytes, String error, long totalBytes, int files,
                            int totalFiles, String detail, Integer slot) {
}
