package io.tapelib.gateway.controller;

import java.nio.ByteBuffer;

/** What a recall delivers: bytes of one file, or the end of one file. */
public sealed interface RecallEvent permits RecallEvent.Chunk, RecallEvent.FileDone {

    /** The file the event belongs to (the id given in {@link RecallBatch.File#fileId()}). */
    long fileId();

    /**
     * Bytes of one file.
     *
     * @param fileId the file
     * @param offset where the bytes start in the file, bytes
     * @param data   the bytes, read-only, valid only during the call that hands the event over
     */
    record Chunk(long fileId, long offset, ByteBuffer data) implements RecallEvent {
    }

    /** Every byte of the file has been delivered. */
    record FileDone(long fileId) implements RecallEvent {
    }
}
