package io.tapelib.controller.jobs;

import java.time.Instant;
import java.util.Optional;

/**
 * One job as the history shows it, immutable: every state change makes a new record with the same id.
 *
 * @param id        unique within this controller process, ascending in submission order
 * @param type      what the job does
 * @param state     where it is in its life cycle
 * @param volumeTag the cartridge it works on, empty when not yet known (a load by slot)
 * @param drive     the data transfer element it runs on
 * @param submitted when it was queued
 * @param started   when it started to run
 * @param finished  when it succeeded or failed
 * @param bytes     bytes moved to or from tape so far
 * @param error     why it failed, in the device's or the input's own words
 * @param progress  files and totals of a job over many files, {@link JobProgress#NONE} for others
 */
public record JobRecord(long id, JobType type, JobState state, Optional<String> volumeTag, int drive, Instant submitted,
                        Optional<Instant> started, Optional<Instant> finished, long bytes, Optional<String> error,
                        JobProgress progress) {
}
