package io.tapelib.controller.jobs;

/** Life cycle of a job: QUEUED, then RUNNING, then SUCCEEDED or FAILED. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED
}
