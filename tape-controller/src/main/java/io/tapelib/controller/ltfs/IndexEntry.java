package io.tapelib.controller.ltfs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One directory, file, symbolic link or special file of an LTFS index (LTFS Format Specification 2.4, section 9.2).
 *
 * @param path          slash-separated, relative to the volume root, decoded; the root itself is {@code ""}
 * @param kind          directory, file, symbolic link or special file ({@link SpecialFiles})
 * @param length        file length in bytes; 0 for other kinds
 * @param mode          POSIX permission bits (07777), from {@code ltfs.vendor.tapelib.mode} or derived from
 *                      {@code readonly} for indexes written by other software
 * @param uid           POSIX owner, from {@code ltfs.vendor.tapelib.uid}, 0 when absent
 * @param gid           POSIX group, from {@code ltfs.vendor.tapelib.gid}, 0 when absent
 * @param symlinkTarget target of a symbolic link, null for other kinds
 * @param extents       data extents in index order, empty for directories, links and empty files
 * @param xattrs        extended attributes other than our vendor ones, which the other fields carry (e.g.
 *                      {@code ltfs.hash.sha256sum} and the user's)
 * @param fileUid       the LTFS {@code fileuid}, unique within the volume
 * @param readonly      the LTFS {@code readonly} flag: no write bit in {@code mode}
 * @param deviceNumber  a character or block device's number as Linux encodes it ({@code makedev(major, minor)});
 *                      0 for other kinds
 * @param linkGroup     for a file with several names (hard links), the id every entry of the group shares (the
 *                      {@code fileuid} of its first entry, in decimal); {@code ""} for a file of one name
 */
public record IndexEntry(String path, EntryKind kind, long length, int mode, int uid, int gid,
                         Instant creationTime, Instant changeTime, Instant modifyTime, Instant accessTime,
                         String symlinkTarget, List<Extent> extents, Map<String, XattrValue> xattrs,
                         long fileUid, boolean readonly, long deviceNumber, String linkGroup) {

    public IndexEntry {
        extents = List.copyOf(extents);
        xattrs = Map.copyOf(xattrs);
        linkGroup = linkGroup == null ? "" : linkGroup;
    }

    /** An entry that is no device and in no link group. */
    public IndexEntry(String path, EntryKind kind, long length, int mode, int uid, int gid,
                      Instant creationTime, Instant changeTime, Instant modifyTime, Instant accessTime,
                      String symlinkTarget, List<Extent> extents, Map<String, XattrValue> xattrs,
                      long fileUid, boolean readonly) {
        this(path, kind, length, mode, uid, gid, creationTime, changeTime, modifyTime, accessTime, symlinkTarget,
                extents, xattrs, fileUid, readonly, 0, "");
    }

    /** The same entry at another path, with a new change time (a rename). */
    public IndexEntry moved(String newPath, Instant newChangeTime) {
        return new IndexEntry(newPath, kind, length, mode, uid, gid, creationTime, newChangeTime, modifyTime, accessTime,
                symlinkTarget, extents, xattrs, fileUid, readonly, deviceNumber, linkGroup);
    }

    /** The same entry in a link group. */
    public IndexEntry inLinkGroup(String group) {
        return new IndexEntry(path, kind, length, mode, uid, gid, creationTime, changeTime, modifyTime, accessTime,
                symlinkTarget, extents, xattrs, fileUid, readonly, deviceNumber, group);
    }

    /** The text of an extended attribute; empty when absent or binary. */
    public Optional<String> xattrText(String key) {
        XattrValue value = xattrs.get(key);
        return value == null ? Optional.empty() : value.text();
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
