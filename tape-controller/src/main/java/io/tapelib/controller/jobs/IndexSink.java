package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.IndexEntry;

/**
 * Receives a volume's index: first the volume, then the root directory (path {@code ""}), then every other entry,
 * parents before children, then {@link #end()}. May block (flow control).
 */
public interface IndexSink {
    void volume(VolumeSummary volume);

    void entry(IndexEntry entry);

    /**
     * Every entry was handed over (not called when the read fails): a sink that groups entries sends what it holds.
     * Runs on the job's thread, before the job ends.
     */
    default void end() {
    }
}
