package io.tapelib.gateway.controller;

import io.tapelib.gateway.posix.FileKind;
import java.util.List;
import java.util.Objects;

/**
 * One directory, file, symlink or special file of a tape's LTFS index.
 *
 * @param path          slash-separated, relative to the volume root, decoded; no leading slash; {@code ""} for the
 *                      volume root itself
 * @param kind          directory, file or symlink
 * @param length        file length, bytes (0 for directories)
 * @param mode          permission bits (07777)
 * @param uid           owner
 * @param gid           group
 * @param times         the index's four times
 * @param symlinkTarget target of a symlink, null otherwise
 * @param extents       where the file's bytes lie on this tape, in file-offset order
 * @param xattrs        extended attributes as the index names them (no namespace prefix, section 7.7)
 * @param deviceNumber  makedev(major, minor) of a character or block device, 0 otherwise
 * @param linkGroup     non-empty for one of several names of one file (hard links): the entries of a volume with
 *                      the same group are one file; empty otherwise
 */
public record TapeIndexEntry(String path, FileKind kind, long length, int mode, int uid, int gid, FileTimes times,
                             String symlinkTarget, List<TapeExtent> extents, List<Xattr> xattrs, long deviceNumber,
                             String linkGroup) {
    public TapeIndexEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(times, "times");
        extents = List.copyOf(extents);
        xattrs = List.copyOf(xattrs);
        linkGroup = linkGroup == null ? "" : linkGroup;
    }

    /** An entry that is no device and no member of a link group. */
    public TapeIndexEntry(String path, FileKind kind, long length, int mode, int uid, int gid, FileTimes times,
                          String symlinkTarget, List<TapeExtent> extents, List<Xattr> xattrs) {
        this(path, kind, length, mode, uid, gid, times, symlinkTarget, extents, xattrs, 0, "");
    }

    /**
     * One extended attribute of an index entry.
     *
     * @param key   the name as the index keeps it
     * @param value raw bytes; the array is not copied, treat it as read-only
     */
    public record Xattr(String key, byte[] value) {
        public Xattr {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }
}
