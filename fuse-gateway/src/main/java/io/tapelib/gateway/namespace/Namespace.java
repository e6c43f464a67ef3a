package io.tapelib.gateway.namespace;

import io.tapelib.gateway.posix.DirectoryListing;
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

    /**
     * getattr of a file through one of its open handles (libfuse asks so for the reply to a create, right after it):
     * the attributes {@link #getattr(String)} gives. The first such call after {@link #create} may answer from the
     * row the create made, without reading the catalog again; a handle that is not open gives what the path gives.
     */
    default FileAttributes getattr(String path, long handle) {
        return getattr(path);
    }

    /** The entries of a directory, without "." and "..". */
    List<DirectoryEntry> readdir(String path);

    /**
     * The entries of a directory as the mount's readdir shows them, without "." and "..": names with their inode
     * numbers and kinds only (the kernel's directory entry holds no more), in {@link #readdir}'s order. The mount
     * lists through this; the default builds it from {@link #readdir}, an implementation may answer it more cheaply.
     *
     * @throws NamespaceException as {@link #readdir} does
     */
    default DirectoryListing listing(String path) {
        List<DirectoryEntry> entries = readdir(path);
        DirectoryListing.Builder listing = DirectoryListing.builder(entries.size());
        for (DirectoryEntry entry : entries) {
            listing.add(entry.name(), entry.attributes().inode(), entry.attributes().kind());
        }
        return listing.build();
    }

    /**
     * {@link #listing} for READDIRPLUS: each entry's full attributes where they are exactly what {@link #getattr}
     * answers at this moment ({@link DirectoryListing#hasAttributes}); the kernel caches those as a lookup's, for the
     * attribute timeout. An entry without them is looked up. The default gives none: a namespace that cannot vouch
     * for its entries' attributes costs a lookup per entry, never a wrong stat.
     *
     * @throws NamespaceException as {@link #readdir} does
     */
    default DirectoryListing listingWithAttributes(String path) {
        return listing(path).withoutAttributes();
    }

    /** The target of a symlink, as stored. */
    String readlink(String path);

    FilesystemStats statfs();

    /**
     * An extended attribute's value: {@code user.tapelib.state} (cached, dirty, recalling, offline, lost),
     * {@code user.tapelib.tapes} (comma-separated volume tags), {@code user.tapelib.eta} (estimated seconds until
     * the first byte, decimal text: "0" when the content is in the cache, the recall scheduler's estimate while a
     * recall is queued or running), and any attribute the tape's index holds.
     *
     * @throws NamespaceException ENODATA when the inode has no such attribute: {@code user.tapelib.eta} of an offline
     *                            file with no recall queued, the write-only {@code user.tapelib.recall} always
     */
    byte[] getxattr(String path, String name);

    /** The names of the extended attributes of an inode: those {@link #getxattr} answers, never a write-only one. */
    List<String> listxattr(String path);

    /**
     * Opens a file for reading and/or writing and returns a handle for read/write/release.
     * Opening an offline file for reading neither waits nor recalls: the first {@link #read} starts the
     * recall and waits for its bytes (tools open files they never read, and each would load a cartridge).
     *
     * @param truncate O_TRUNC was given
     */
    long open(String path, boolean write, boolean truncate);

    /**
     * {@link #open(String, boolean, boolean)} with O_NONBLOCK: a file whose content must first come from tape is not
     * opened; its recall is queued (bulk priority) and the open answers EAGAIN at once, to be tried again when the
     * file is cached. Opens without O_NONBLOCK never refuse an offline file (its first read recalls it).
     *
     * @param nonBlocking O_NONBLOCK was given
     * @throws NamespaceException EAGAIN for an offline or recalling file opened with O_NONBLOCK, otherwise as
     *                            {@link #open(String, boolean, boolean)}
     */
    default long open(String path, boolean write, boolean truncate, boolean nonBlocking) {
        return open(path, write, truncate);
    }

    /**
     * Whether reads of an open handle must bypass the kernel's page cache (FUSE {@code direct_io}): content generated
     * at open, whose length getattr cannot promise and which must not be served from an earlier open's pages (the
     * mount caches pages across opens, {@code kernel_cache}). False for files of the tree.
     *
     * @param handle a handle {@link #open} returned and not yet released
     */
    default boolean directIo(long handle) {
        return false;
    }

    /**
     * Whether {@link #flush} of an open handle has nothing to do: nothing to record, sync or report, so close(2) need
     * not wait for a FUSE FLUSH request (libfuse 3's {@code noflush}). True for files of the tree unless
     * DURABILITY=close: their writes show in the tree as they return and the catalog takes them at the next commit.
     *
     * @param handle a handle {@link #open} or {@link #create} returned and not yet released
     */
    default boolean flushHasNothingToDo(long handle) {
        return false;
    }

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
     * close(2) of a descriptor (FUSE flush): the handle's writes show in the tree (size, times) when it returns; the
     * catalog may take them only at the next commit (DURABILITY=commit), with DURABILITY=close it takes them now and
     * they are on stable storage. A gateway crash after any write returned loses nothing.
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
     * setxattr(2) of a user's attribute ({@code user.*}), kept byte for byte; or the service's request
     * {@code user.tapelib.recall} with the value "1": queues a recall of an offline file, or of every offline file
     * beneath a directory (at most 4096 entries beneath it), and returns without waiting for tape (nothing to do for
     * a file whose content is in the cache). The request is never stored: it does not read back nor show in a listing.
     *
     * @param mustNotExist XATTR_CREATE
     * @param mustExist    XATTR_REPLACE
     * @throws NamespaceException EPERM for this service's report {@code user.tapelib.*} and the LTFS-reserved
     *                            {@code user.ltfs.*}, ENOTSUP for other namespaces, E2BIG for a value over 64 KiB,
     *                            ERANGE for a name over 255 bytes, EEXIST / ENODATA for the flags, ENOENT; for
     *                            {@code user.tapelib.recall}: EINVAL for a value other than "1", E2BIG for a directory
     *                            with more entries beneath it, EIO for a lost file or a recall that cannot be queued
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
