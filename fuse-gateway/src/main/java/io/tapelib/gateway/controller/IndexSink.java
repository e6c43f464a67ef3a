package io.tapelib.gateway.controller;

/**
 * Receives one tape's index from {@link TapeController#readIndex}: the volume first, then every entry. Called
 * on the thread that called readIndex; a method that throws cancels the read.
 */
public interface IndexSink {

    /** The volume whose index follows; called once, before any entry. */
    void volume(VolumeSummary volume);

    /** One directory, file or symlink of the index. */
    void entry(TapeIndexEntry entry);
}
