package io.tapelib.controller.jobs;

/**
 * The running side of one job in the {@link JobHistory}: the job's code reports progress and its outcome here.
 * Not thread-safe; used by the one thread that runs the job.
 */
public interface JobHandle {

    /** The job's id. */
    long id();

    /** Marks the job RUNNING. */
    void started();

    /** Names the cartridge once known (a load by slot learns it from the inventory). */
    void volumeTag(String volumeTag);

    /** Adds bytes moved to or from tape. */
    void addBytes(long bytes);

    /** Marks the job SUCCEEDED. */
    void succeeded();

    /** Marks the job FAILED with the error's message. */
    void failed(Throwable error);
}
