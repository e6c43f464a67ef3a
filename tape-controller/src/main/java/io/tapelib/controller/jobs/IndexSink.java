package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.IndexEntry;

/**
 * Receives a volume's index: first the volume, then the root directory (path {@code ""}), then every other entry,
 * parents before children. May block (flow control).
 */
public interface IndexSink {
    void volume(VolumeSummary volume);

    void entry(IndexEntry entry);
}
