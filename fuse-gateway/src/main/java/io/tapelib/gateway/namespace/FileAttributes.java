package io.tapelib.gateway.namespace;

import io.tapelib.gateway.posix.FileKind;

import java.time.Instant;

/**
 * What {@code stat} shows of an inode, answered from the catalog.
 *
 * @param inode  the catalog's inode id (the root is 1)
 * @param kind   directory, file, symlink or a special file
 * @param mode   permission bits (07777), without the file type bits
 * @param uid    owner
 * @param gid    group
 * @param size   bytes (for a symlink: the length of its target)
 * @param nlink  link count (directories: 2 + subdirectories)
 * @param atime  last access
 * @param mtime  last modification of the content
 * @param ctime  last change of the inode
 * @param rdev   device number of a character or block device (Linux makedev encoding), 0 otherwise
 */
public record FileAttributes(long inode, FileKind kind, int mode, int uid, int gid, long size, long nlink,
                             Instant atime, Instant mtime, Instant ctime, long rdev) {

    /** Attributes of an inode that is no device (rdev 0). */
    public FileAttributes(long inode, FileKind kind, int mode, int uid, int gid, long size, long nlink, Instant atime,
                          Instant mtime, Instant ctime) {
        this(inode, kind, mode, uid, gid, size, nlink, atime, mtime, ctime, 0);
    }
}
