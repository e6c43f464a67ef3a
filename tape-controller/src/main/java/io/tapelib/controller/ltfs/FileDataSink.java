package io.tapelib.controller.ltfs;

/** Receives a file's bytes as {@link LtfsVolume#readFile} reads them from tape. */
@FunctionalInterface
public interface FileDataSink {
    /**
     * @param fileOffset where {@code buffer[offset]} lies in the file, in bytes
     * @param buffer     the bytes; valid only during the call
     * @param offset     start in {@code buffer}
     * @param length     number of bytes
     */
    void accept(long fileOffset, byte[] buffer, int offset, int length);
}
