package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.IndexEntry;

/** Receives a volume's index: first the volume, then each entry except the root directory. May block (flow control). */
public interface IndexSink {
    void volume(VolumeSummary volume);

    void entry(IndexEntry entry);
}
