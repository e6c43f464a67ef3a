package io.tapelib.controller.jobs;

/** Receives recalled bytes. Calls come from the drive's thread and may block (flow control). */
public interface RecallSink {

    /** Maximum chunk length in bytes (1 MiB, DESIGN.md section 9). */
    int MAX_CHUNK_BYTES = 1024 * 1024;

    /**
     * Bytes of one file, in file-offset order, at most {@link #MAX_CHUNK_BYTES} per call.
     *
     * @param buffer valid only during the call
     */
    void chunk(long fileId, long fileOffset, byte[] buffer, int offset, int length);

    /** Every byte of the file was sent. */
    void fileDone(long fileId);
}
