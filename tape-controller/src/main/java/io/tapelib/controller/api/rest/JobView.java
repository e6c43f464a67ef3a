package io.tapelib.controller.api.rest;

import io.tapelib.controller.jobs.JobRecord;

import java.time.Instant;

/** One job in the REST API; times are ISO-8601 instants, bytes count data moved to or from tape. */
public record JobView(long id, String type, String state, String volumeTag, int drive, Instant submitted, Instant started,
                      Instant finished, long bytes, String error) {

    static JobView of(JobRecord job) {
        return new JobView(job.id(), job.type().name(), job.state().name(), job.volumeTag().orElse(null), job.drive(),
                job.submitted(), job.started().orElse(null), job.finished().orElse(null), job.bytes(), job.error().orElse(null));
    }
}
