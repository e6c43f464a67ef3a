package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.Extent;

import java.util.List;

/**
 * One file to recall.
 *
 * @param fileId     the caller's identifier, echoed on every chunk
 * @param length     the file's length in bytes
 * @param extents    where its bytes are on tape (LTFS Format Specification 2.4, section 7.4: extentinfo)
 * @param fromOffset bytes [0, fromOffset) the caller already holds: neither read nor sent
 * @throws IllegalArgumentException when the length is negative or {@code fromOffset} is outside [0, length]
 */
public record RecallItem(long fileId, long length, List<Extent> extents, long fromOffset) {
    public RecallItem {
        extents = List.copyOf(extents);
        if (length < 0) {
            throw new IllegalArgumentException("file " + fileId + " has a negative length " + length);
        }
        if (fromOffset < 0 || fromOffset > length) {
            throw new IllegalArgumentException("file " + fileId + ": from_offset " + fromOffset
                    + " is outside its " + length + " bytes");
        }
    }

    /** The whole file. */
    public RecallItem(long fileId, long length, List<Extent> extents) {
        this(fileId, length, extents, 0);
    }
}
