package io.tapelib.gateway.catalog;

import java.util.List;

/**
 * An entry whose current copy a cartridge being reclaimed holds: what a reclaim batch copies.
 *
 * @param inode   the entry as the catalog holds it when the batch was built
 * @param path    its absolute path then
 * @param extents its extents on the source, in file-offset order (empty for every kind but a non-empty file)
 * @param sha256  the SHA-256 the source's copy was recorded with, lowercase hex; null when unknown
 */
public record LiveEntry(Inode inode, String path, List<ExtentRecord> extents, String sha256) {
    public LiveEntry {
        extents = List.copyOf(extents);
    }

    /** Bytes of its extents on the source. */
    public long bytes() {
        return extents.stream().mapToLong(ExtentRecord::byteCount).sum();
    }
}
