package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;

import java.time.Instant;

/**
 * One directory, file, symlink or special file of the merged tree (shared/DESIGN.md section 5). Times have
 * nanosecond resolution, as LTFS indexes record them. A file with hard links has one row and several names: a
 * lookup or listing through a further name returns the inode with that name's parent and name; {@code get} returns
 * its own (first) name. Its device number and link count are separate queries ({@link Catalog#deviceNumber},
 * {@link Catalog#nameCount}).
 *
 * @param id             inode number; the root is {@link Catalog#ROOT_ID}; never reused
 * @param parent         parent directory's id (0 for the root)
 * @param name           name within the parent (empty for the root), at most 255 UTF-8 bytes
 * @param kind           directory, file, symlink, FIFO, character or block device, or socket
 * @param mode           permission bits (07777)
 * @param uid            owner
 * @param gid            group
 * @param size           bytes (symlink: length of the target in UTF-8 bytes, directory: 0)
 * @param atime          last access
 * @param mtime          last modification of the content
 * @param ctime          last change of the inode
 * @param crtime         creation
 * @param symlinkTarget  target of a symlink, null otherwise
 * @param cacheState     whether the cache holds the only current copy
 * @param dirtySince     time of the last change made through the mount while dirty, null when clean
 * @param changeCounter  incremented by every change of content or attributes made through the mount
 */
public record Inode(long id, long parent, String name, FileKind kind, int mode, int uid, int gid, long size,
                    Instant atime, Instant mtime, Instant ctime, Instant crtime, String symlinkTarget,
                    CacheState cacheState, Instant dirtySince, long changeCounter) {

    public boolean isDirectory() {
        return kind == FileKind.DIRECTORY;
    }

    public boolean isDirty() {
        return cacheState == CacheState.DIRTY;
    }

    /**
     * This row as it will be once a write up to {@code end} bytes at {@code time} is recorded: size at least
     * {@code end}, modified and changed at {@code time} (never earlier than the row's), dirty.
     */
    public Inode withWrite(long end, Instant time) {
        Instant modified = time.isAfter(mtime) ? time : mtime;
        Instant changed = time.isAfter(ctime) ? time : ctime;
        return new Inode(id, parent, name, kind, mode, uid, gid, Math.max(size, end), atime, modified, changed, crtime,
                symlinkTarget, CacheState.DIRTY, dirtySince, changeCounter);
    }
}
