package io.tapelib.gateway.cache;

import io.tapelib.gateway.posix.FileKind;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the dirty journal ({@code objects/<inode>.dirty}, JSON) records of an entry whose only current copy is at the
 * gateway (a file's content in the cache, or an entry not yet in any tape's index: an empty directory, a symlink, a
 * special file), so that it comes back at its path, dirty, when the catalog is lost and rebuilt from the tapes
 * (shared/DESIGN.md section 7). Records written before the kind, times, target, xattrs and links were kept still read:
 * they are files, and the missing times default to {@code mtime}.
 *
 * @param inode         the catalog's inode id, also the object's file name
 * @param path          absolute path within the mount when last recorded
 * @param size          bytes (a symlink: its target's length in UTF-8 bytes; a directory: 0)
 * @param mode          permission bits (07777)
 * @param uid           owner
 * @param gid           group
 * @param mtime         last modification
 * @param dirtySince    last change made through the mount
 * @param kind          what the entry is
 * @param atime         last access
 * @param ctime         last change of the inode
 * @param symlinkTarget a symlink's target, null otherwise
 * @param deviceNumber  a device node's number (Linux dev_t: major and minor), 0 otherwise
 * @param xattrs        the user's extended attributes, by the mount's name (with "user."), values as raw bytes;
 *                      the map and arrays are not copied, treat them as read-only
 * @param links         the entry's further names (hard links), absolute paths within the mount; empty for one name
 */
public record DirtyRecord(long inode, String path, long size, int mode, int uid, int gid, Instant mtime,
                          Instant dirtySince, FileKind kind, Instant atime, Instant ctime, String symlinkTarget,
                          long deviceNumber, Map<String, byte[]> xattrs, List<String> links) {

    public DirtyRecord {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(dirtySince, "dirtySince");
        Objects.requireNonNull(kind, "kind");
        atime = atime == null ? mtime : atime;
        ctime = ctime == null ? mtime : ctime;
        xattrs = xattrs == null ? Map.of() : xattrs;
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** A file's record as journals before issue 11 kept it: one name, no xattrs, all times {@code mtime}. */
    public DirtyRecord(long inode, String path, long size, int mode, int uid, int gid, Instant mtime,
                       Instant dirtySince) {
        this(inode, path, size, mode, uid, gid, mtime, dirtySince, FileKind.FILE, mtime, mtime, null, 0, Map.of(),
                List.of());
    }

    /** The same record for another inode id and path (an entry placed again in a rebuilt catalog). */
    public DirtyRecord at(long newInode, String newPath) {
        return new DirtyRecord(newInode, newPath, size, mode, uid, gid, mtime, dirtySince, kind, atime, ctime,
                symlinkTarget, deviceNumber, xattrs, links);
    }

    /** Value equality, with the xattr values compared by content (records compare arrays by identity). */
    public boolean sameAs(DirtyRecord other) {
        if (!equals(new DirtyRecord(other.inode, other.path, other.size, other.mode, other.uid, other.gid, other.mtime,
                other.dirtySince, other.kind, other.atime, other.ctime, other.symlinkTarget, other.deviceNumber, xattrs,
                other.links))) {
            return false;
        }
        Map<String, byte[]> mine = new LinkedHashMap<>(xattrs);
        return mine.keySet().equals(other.xattrs.keySet())
                && mine.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.xattrs.get(e.getKey())));
    }
}
