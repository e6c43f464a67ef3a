package io.tapelib.gateway.namespace;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The merged POSIX tree that the mount shows (shared/DESIGN.md sections 1 and 5): every file of every
 * LTFS tape plus files written through the mount. The FUSE layer is a thin translation of this
 * interface; listings and attributes come from the catalog only, never from tape.
 *
 * <p>Paths are absolute within the mount, slash-separated, starting with "/". Every method throws
 * {@link NamespaceException} with the errno to return: ENOENT for a missing path or parent, ENOTDIR
 * when a parent is not a directory, ENAMETOOLONG for a name over 255 bytes (UTF-8), EEXIST, EISDIR,
 * ENOTEMPTY, EIO when a recall failed or timed out, ENOSPC when the cache or the library is full.
 * Implementations are thread-safe: FUSE calls arrive on many threads.
 */
public interface Namespace {

    FileAttributes getattr(String path);

    /** The entries of a directory, without "." and "..". */
    List<DirectoryEntry> readdir(String path);

    /** The target of a symlink, as stored. */
    String readlink(String path);

    FilesystemStats statfs();

    /**
     * An extended attribute's value: {@code user.tapelib.state} (cached, dirty, recalling, offline),
     * {@code user.tapelib.tapes} (comma-separated volume tags), and any attribute the tape's index holds.
     *
     * @throws NamespaceException ENODATA when the inode has no such attribute
     */
    byte[] getxattr(String path, String name);

    /** The names of the extended attributes of an inode. */
    List<String> listxattr(String path);

    /**
     * Opens a file for reading and/or writing and returns a handle for read/write/release.
     * Opening an offline file for reading neither waits nor recalls: the first {@link #read} starts the
     * recall and waits for its bytes (tools open files they never read, and each would load a cartridge).
     *
     * @param truncate O_TRUNC was given
     */
    long open(String path, boolean write, boolean truncate);

    /** Creates a regular file (O_CREAT) and opens it for writing. */
    long create(String path, int mode, int uid, int gid);

    /**
     * Reads up to {@code size} bytes at {@code offset} into {@code destination}; for an offline file
     * blocks until the bytes are recalled into the cache, at most the configured recall timeout, then
     * EIO. Returns the number of bytes read, 0 at end of file.
     */
    int read(long handle, ByteBuffer destination, long offset, int size);

    /** Writes into the cache; the file becomes dirty and is migrated after the write delay. */
    int write(long handle, ByteBuffer source, long offset, int size);

    /**
     * close(2) of a descriptor (FUSE flush): the handle's writes are in the tree (size, times) when it returns; with
     * DURABILITY=close also on stable storage. A gateway crash after any write returned loses nothing.
     */
    void flush(long handle);

    /**
     * fsync(2) and fdatasync(2): the file's content and metadata, and the tree, on stable storage when it returns
     * (shared/DESIGN.md section 7).
     *
     * @param dataOnly fdatasync: metadata that reading the data back does not need may wait
     */
    default void fsync(long handle, boolean dataOnly) {
        flush(handle);
    }

    /** fsync(2) of a directory: its entries on stable storage. ENOENT when the path does not exist. */
    default void fsyncDirectory(String path) {
        getattr(path);
    }

    /** Closes a handle (the last close of a descriptor); its writes are in the tree as after {@link #flush}. */
    void release(long handle);

    void truncate(String path, long size);

    void mkdir(String path, int mode, int uid, int gid);

    void unlink(String path);

    void rmdir(String path);

    /** POSIX rename: replaces an existing file or empty directory at {@code to}. */
    void rename(String from, String to);

    void chmod(String path, int mode);

    void chown(String path, int uid, int gid);

    /**
     * utimensat(2): sets the access and modification times as each {@link TimeChange} says and the change time to
     * the current time (POSIX.1-2008, futimens); when both are {@link TimeChange#omit()} nothing changes.
     * NamespaceException ENOENT when the path does not exist.
     */
    void utimens(String path, TimeChange atime, TimeChange mtime);

    void symlink(String target, String linkPath, int uid, int gid);

    /**
     * setxattr(2) of a user's attribute ({@code user.*}), kept byte for byte.
     *
     * @param mustNotExist XATTR_CREATE
     * @param mustExist    XATTR_REPLACE
     * @throws NamespaceException EPERM for this service's own {@code user.tapelib.*} and the LTFS-reserved
     *                            {@code user.ltfs.*}, ENOTSUP for other namespaces, E2BIG for a value over 64 KiB,
     *                            ERANGE for a name over 255 bytes, EEXIST / ENODATA for the flags, ENOENT
     */
    default void setxattr(String path, String name, byte[] value, boolean mustNotExist, boolean mustExist) {
        throw new NamespaceException(Errno.ENOTSUP, "extended attributes cannot be set here");
    }

    /** removexattr(2): errors as {@link #setxattr}, ENODATA when absent. */
    default void removexattr(String path, String name) {
        throw new NamespaceException(Errno.ENOTSUP, "extended attributes cannot be removed here");
    }

    /**
     * mknod(2) of a FIFO, socket or device node; a regular file (FILE) is created empty.
     *
     * @param deviceNumber Linux makedev(major, minor) of a device, ignored for other kinds
     * @throws NamespaceException EEXIST, ENOENT, ENOTDIR, ENAMETOOLONG, EINVAL for a directory or symlink kind
     */
    default void mknod(String path, FileKind kind, int mode, long deviceNumber, int uid, int gid) {
        throw new NamespaceException(Errno.EPERM, "special files cannot be made here");
    }

    /**
     * link(2): {@code newPath} becomes a further name of the file at {@code existing}.
     *
     * @throws NamespaceException EPERM for a directory, EEXIST, ENOENT, ENOTDIR, ENAMETOOLONG
     */
    default void link(String existing, String newPath) {
        throw new NamespaceException(Errno.EPERM, "hard links cannot be made here");
    }
}
