package io.tapelib.controller.ltfs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One directory, file or symbolic link of an LTFS index (LTFS Format Specification 2.4, section 9.2).
 *
 * @param path          slash-separated, relative to the volume root, decoded; the root itself is {@code ""}
 * @param kind          directory, file or symbolic link
 * @param length        file length in bytes; 0 for directories and symbolic links
 * @param mode          POSIX permission bits (07777), from {@code ltfs.vendor.tapelib.mode} or derived from
 *                      {@code readonly} for indexes written by other software
 * @param uid           POSIX owner, from {@code ltfs.vendor.tapelib.uid}, 0 when absent
 * @param gid           POSIX group, from {@code ltfs.vendor.tapelib.gid}, 0 when absent
 * @param symlinkTarget target of a symbolic link, null for other kinds
 * @param extents       data extents in index order, empty for directories, links and empty files
 * @param xattrs        extended attributes other than our vendor POSIX ones (e.g. {@code ltfs.hash.sha256sum})
 * @param fileUid       the LTFS {@code fileuid}, unique within the volume
 * @param readonly      the LTFS {@code readonly} flag: no write bit in {@code mode}
 */
public record IndexEntry(String path, EntryKind kind, long length, int mode, int uid, int gid,
                         Instant creationTime, Instant changeTime, Instant modifyTime, Instant accessTime,
                         String symlinkTarget, List<Extent> extents, Map<String, String> xattrs,
                         long fileUid, boolean readonly) {

    public IndexEntry {
        extents = List.copyOf(extents);
        xattrs = Map.copyOf(xattrs);
    }

    /** The last path component ({@code ""} for the root). */
    public String name() {
        return LtfsPaths.name(path);
    }

    /** The parent directory's path ({@code ""} for a top-level entry), null for the root. */
    public String parentPath() {
        return path.isEmpty() ? null : LtfsPaths.parent(path);
    }
}
