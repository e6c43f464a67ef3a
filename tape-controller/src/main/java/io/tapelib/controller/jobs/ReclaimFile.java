package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.Extent;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.XattrValue;

import java.util.List;
import java.util.Map;

/**
 * One file of a reclaim: how it is to appear on the target, and where its bytes are on the source.
 *
 * @param fileId   the caller's identifier, echoed in the result
 * @param metadata path, kind, mode, times and device number, as written to the target
 * @param length   the file's length in bytes (0 for other kinds)
 * @param xattrs   its user extended attributes, keys as the index keeps them
 * @param links    further paths naming the same file (hard links)
 * @param extents  its extents on the source volume (LTFS Format Specification 2.4, section 7.4); none for other kinds
 */
public record ReclaimFile(long fileId, FileMetadata metadata, long length, Map<String, XattrValue> xattrs,
                         List<String> links, List<Extent> extents) {

    /**
     * @throws IllegalArgumentException no path, a negative length, or an extent that is negative or runs past the
     *                                  file's length
     */
    public ReclaimFile {
        xattrs = Map.copyOf(xattrs);
        links = List.copyOf(links);
        extents = metadata.kind() == EntryKind.FILE ? List.copyOf(extents) : List.of();
        if (metadata.path() == null || metadata.path().isBlank()) {
            throw new IllegalArgumentException("the file has no path");
        }
        if (length < 0) {
            throw new IllegalArgumentException("'" + metadata.path() + "' has a negative length " + length);
        }
        for (Extent extent : extents) {
            if (extent.fileOffset() < 0 || extent.byteCount() < 0 || extent.byteOffset() < 0 || extent.startBlock() < 0) {
                throw new IllegalArgumentException("'" + metadata.path() + "' has an extent with a negative field: " + extent);
            }
            if (extent.fileOffset() + extent.byteCount() > length) {
                throw new IllegalArgumentException("'" + metadata.path() + "' has an extent of " + extent.byteCount()
                        + " bytes at file offset " + extent.fileOffset() + ", past its length of " + length + " bytes");
            }
        }
    }

    /** The file as a migration batch writes it; {@code data} gives exactly {@link #length} bytes. */
    IncomingFile incoming(java.io.InputStream data) {
        return new IncomingFile(fileId, metadata, metadata.kind() == EntryKind.FILE ? length : 0, data, xattrs, links);
    }

    /** The bytes to copy: the length of a file, 0 for other kinds. */
    long dataBytes() {
        return metadata.kind() == EntryKind.FILE ? length : 0;
    }
}
