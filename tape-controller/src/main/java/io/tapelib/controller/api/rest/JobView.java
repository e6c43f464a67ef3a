package io.tapelib.controller.api.rest;

import io.tapelib.controller.jobs.JobRecord;

import java.time.Instant;

/**
 * One job in the REST API; times are ISO-8601 instants, bytes count data moved to or from tape (totalBytes: of the
 * whole job, 0 when unknown), files and totalFiles count the files of a job over many (reclaim, recall, migrate);
 * slot is the element a MOVE, IMPORT or EXPORT took its cartridge from (null when none); drive is -1 for a job that
 * used no drive.
 */
public record JobView(long id, String type, String state, String volumeTag, int drive, Instant submitted, Instant started,
                      Instant finished, long bytes, String error, long totalBytes, int files, int totalFiles,
                      String detail, Integer slot) {

    static JobView of(JobRecord job) {
        return new JobView(job.id(), job.type().name(), job.state().name(), job.volumeTag().orElse(null), job.drive(),
                job.submitted(), job.started().orElse(null), job.finished().orElse(null), job.bytes(), job.error().orElse(null),
                job.progress().totalBytes(), job.progress().files(), job.progress().totalFiles(),
                job.progress().detail().isEmpty() ? null : job.progress().detail(),
                job.progress().slot() == 0 ? null : job.progress().slot());
    }
}
