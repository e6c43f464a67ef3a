package io.tapelib.gateway.controller;

/**
 * Receives one tape's index from {@link TapeController#readIndex}: the volume first, then every entry, the volume
 * root (path {@code ""}) first among them when the controller sends it. Called
 * on the thread that called readIndex; a method that throws cancels the read.
 */
public interface IndexSink {

    /** The volume whose index follows; called once, before any entry. */
    void volume(VolumeSummary volume);

    /** One directory, file, symlink or special file of the index, or the volume root. */
    void entry(TapeIndexEntry entry);
}
