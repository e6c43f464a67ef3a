package io.tapelib.gateway.jobs;

import java.time.Instant;

/**
 * One of the gateway's own jobs (issue 14): a write-back batch, a recall batch of one cartridge, a re-index of every
 * cartridge, a reclaim. The controller's jobs (LOAD, MIGRATE, ...) are its own; this is what the gateway drives.
 *
 * @param id         unique for the gateway's run, increasing
 * @param type       what the job does
 * @param state      QUEUED, RUNNING, SUCCEEDED or FAILED
 * @param volumeTag  the cartridge it reads or writes; null when none or not yet chosen
 * @param subject    one line for the operator (a path, a directory, "every cartridge"); never null
 * @param submitted  when it was created
 * @param started    when it started running; null while queued
 * @param finished   when it ended; null while queued or running
 * @param bytes      bytes done so far
 * @param totalBytes bytes of the whole job; 0 when unknown
 * @param files      files done so far
 * @param totalFiles files of the whole job; 0 when unknown
 * @param error      why it failed; null otherwise
 */
public record GatewayJob(long id, Type type, State state, String volumeTag, String subject, Instant submitted,
                         Instant started, Instant finished, long bytes, long totalBytes, int files, int totalFiles,
                         String error) {

    /** What a gateway job does. */
    public enum Type { WRITE_BACK, RECALL, REBUILD, RECLAIM }

    /** Where a gateway job is in its life. */
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /** Whether the job has ended (SUCCEEDED or FAILED). */
    public boolean ended() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }
}
