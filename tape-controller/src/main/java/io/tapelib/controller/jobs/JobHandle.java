package io.tapelib.controller.jobs;

/**
 * The running side of one job in the {@link JobHistory}: the job's code reports progress and its outcome here.
 * Not thread-safe; used by the one thread that runs the job.
 */
public interface JobHandle {

    /** For work that records no job: every report is dropped. */
    JobHandle NONE = new JobHandle() {
        @Override public long id() { return 0; }
        @Override public void started() { }
        @Override public void volumeTag(String volumeTag) { }
        @Override public void addBytes(long bytes) { }
        @Override public void progress(JobProgress progress) { }
        @Override public void succeeded() { }
        @Override public void failed(Throwable error) { }
    };

    /** The job's id. */
    long id();

    /** Marks the job RUNNING. */
    void started();

    /** Names the cartridge once known (a load by slot learns it from the inventory). */
    void volumeTag(String volumeTag);

    /** Adds bytes moved to or from tape. */
    void addBytes(long bytes);

    /** Replaces the job's files, totals and detail (a job over many files reports after each). */
    void progress(JobProgress progress);

    /** Marks the job SUCCEEDED. */
    void succeeded();

    /** Marks the job FAILED with the error's message. */
    void failed(Throwable error);
}
