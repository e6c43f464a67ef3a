package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.Extent;

import java.util.List;

/**
 * One file to recall.
 *
 * @param fileId  the caller's identifier, echoed on every chunk
 * @param length  the file's length in bytes
 * @param extents where its bytes are on tape (LTFS Format Specification 2.4, section 7.4: extentinfo)
 */
public record RecallItem(long fileId, long length, List<Extent> extents) {
    public RecallItem {
        extents = List.copyOf(extents);
        if (length < 0) {
            throw new IllegalArgumentException("file " + fileId + " has a negative length " + length);
        }
    }
}
