package io.tapelib.gateway.fs;

import io.tapelib.gateway.namespace.FileAttributes;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.namespace.TimeChange;
import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.IntSupplier;
import jnr.ffi.Pointer;
import org.jboss.logging.Logger;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.Statvfs;

/**
 * The filesystem operations of the mount, shared by both libfuse bindings ({@link TapeLibraryFuse} for libfuse 2.9
 * through jnr-fuse, {@link TapeLibraryFuse3} for libfuse 3): the translation of a high-level FUSE call to
 * {@link Namespace} calls, with the kernel's arguments already decoded. The kernel's {@code struct stat} and
 * {@code struct statvfs} have one layout under both (Linux x86-64 and arm64 ABI), so jnr-fuse's {@link FileStat} and
 * {@link Statvfs} serve both. Each binding keeps what differs: its callback signatures and its {@code fuse_file_info}.
 *
 * <p>Methods throw {@link NamespaceException} for a refused call; the binding runs each callback body through
 * {@link #call}, which answers the negated errno libfuse expects.
 */
final class MountOperations {
    private static final Logger LOG = Logger.getLogger(MountOperations.class);

    /** Linux open(2) flag values (asm-generic/fcntl.h). */
    static final int O_ACCMODE = 03;
    static final int O_RDONLY = 00;
    static final int O_WRONLY = 01;
    private static final int O_TRUNC = 01000;
    private static final int O_NONBLOCK = 04000;

    /** chown(2) passes (uid_t) -1 / (gid_t) -1 for "leave unchanged". */
    private static final long ID_UNCHANGED = 0xFFFF_FFFFL;

    private static final int PERMISSION_BITS = 07777;
    /** Set-user-ID, set-group-ID and group execute (sys/stat.h). */
    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;
    private static final int S_IXGRP = 00010;

    private final Namespace namespace;
    private final FuseXattrs xattrs;
    private final FuseFileData data;

    MountOperations(Namespace namespace) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.xattrs = new FuseXattrs(namespace);
        this.data = new FuseFileData(namespace);
    }

    /**
     * How the kernel is to treat an open file: the namespace's handle, whether reads and writes bypass the page cache
     * ({@code direct_io}) and whether close(2) needs no FLUSH request ({@code noflush}: set only where flush has
     * nothing to do and so no error to report: a handle opened read-only, or any handle of the tree's files unless
     * DURABILITY=close, {@link Namespace#flushHasNothingToDo}).
     */
    record Opened(long handle, boolean directIo, boolean noFlush) {
    }

    void getattr(String path, FileStat stat) {
        FuseStructs.fillStat(namespace.getattr(path), stat);
    }

    /** getattr through an open handle (libfuse 3 passes the create's handle for the reply to a create). */
    void getattr(String path, long handle, FileStat stat) {
        FuseStructs.fillStat(namespace.getattr(path, handle), stat);
    }

    /** The entries readdir shows ({@link Namespace#listing}: name, inode number and type, without "." and ".."). */
    DirectoryListing listing(String path) {
        return namespace.listing(path);
    }

    /**
     * The entries readdir shows, each with its full attributes where the namespace vouches for them
     * ({@link Namespace#listingWithAttributes}, for READDIRPLUS).
     */
    DirectoryListing listingWithAttributes(String path) {
        return namespace.listingWithAttributes(path);
    }

    /** readlink(2) into {@code buf} of {@code size} bytes: NUL-terminated, truncated to fit (fuse.h, 2.9 and 3.14). */
    int readlink(String path, Pointer buf, long size) {
        byte[] target = namespace.readlink(path).getBytes(StandardCharsets.UTF_8);
        if (size <= 0) {
            return -Errno.EINVAL.value();
        }
        int length = (int) Math.min(target.length, size - 1);
        buf.put(0, target, 0, length);
        buf.putByte(length, (byte) 0);
        return 0;
    }

    void statfs(Statvfs statvfs) {
        FuseStructs.fillStatfs(namespace.statfs(), statvfs);
    }

    FuseXattrs xattrs() {
        return xattrs;
    }

    FuseFileData data() {
        return data;
    }

    /**
     * mknod(2). A FIFO at a FUSE mount is opened by the kernel itself (fs/fuse/inode.c, init_special_inode): no
     * open or read of one reaches this filesystem, and neither does any of a device node's.
     *
     * @return 0, or -EINVAL for a kind mknod cannot make
     */
    int mknod(String path, long mode, long rdev, int uid, int gid) {
        FileKind kind = FuseStructs.kindOf(mode);
        if (kind == null) {
            return -Errno.EINVAL.value();
        }
        namespace.mknod(path, kind, (int) mode & PERMISSION_BITS, rdev, uid, gid);
        return 0;
    }

    void link(String existing, String newPath) {
        namespace.link(existing, newPath);
    }

    /**
     * open(2). The kernel passes the open flags on but for O_CREAT, O_EXCL and O_NOCTTY (fs/fuse/file.c,
     * fuse_send_open), so O_NONBLOCK arrives: an offline file then answers EAGAIN at once and its recall is queued
     * ({@link Namespace#open(String, boolean, boolean, boolean)}). A handle the namespace wants read without the page
     * cache ({@link Namespace#directIo}) is opened with {@code direct_io}, and so is a write-only one (see
     * {@link #writeOnly}).
     */
    Opened open(String path, int flags) {
        int access = flags & O_ACCMODE;
        long handle = namespace.open(path, access != O_RDONLY, (flags & O_TRUNC) != 0, (flags & O_NONBLOCK) != 0);
        boolean directIo = namespace.directIo(handle) || writeOnly(flags);
        return new Opened(handle, directIo, access == O_RDONLY || namespace.flushHasNothingToDo(handle));
    }

    /** creat(2) / open(2) with O_CREAT of a new file. */
    Opened create(String path, long mode, int flags, int uid, int gid) {
        long handle = namespace.create(path, (int) mode & PERMISSION_BITS, uid, gid);
        return new Opened(handle, writeOnly(flags), namespace.flushHasNothingToDo(handle));
    }

    /**
     * A write-only open bypasses the kernel's page cache (FOPEN_DIRECT_IO): its bytes go from the writer's own pages
     * to libfuse's buffer instead of first being copied into pages of this mount that nobody reads through this
     * descriptor (it cannot be read or mmapped). The kernel drops cached pages of the range each direct write covers,
     * so other opens stay coherent. The object's pages in the cache file's filesystem keep the bytes for readers.
     */
    private static boolean writeOnly(int flags) {
        return (flags & O_ACCMODE) == O_WRONLY;
    }

    /**
     * What the kernel leaves to the filesystem before a write through a write-only descriptor: such a write bypasses
     * its page cache ({@link #writeOnly}, FOPEN_DIRECT_IO), and its direct-write path never calls file_remove_privs
     * (fs/fuse/file.c, fuse_direct_write_iter; it only marks the request FUSE_WRITE_KILL_SUIDGID, which libfuse's
     * high-level API does not pass on). As write(2) does on a local disk, a write by a caller without CAP_FSETID clears
     * set-user-ID, and set-group-ID where group execute is set. The caller is the writer the request names, not the
     * opener; uid 0 stands for CAP_FSETID (what the request carries of the writer's privileges). Writes through other
     * descriptors go through the page cache, where the kernel clears the bits itself (a SETATTR of the mode) before the
     * WRITE request.
     *
     * @param flags     the descriptor's open(2) flags (the write request's {@code fuse_file_info})
     * @param callerUid the writer's uid
     * @throws io.tapelib.gateway.posix.NamespaceException when the file's mode cannot be read or changed (the write
     *                  then fails with that errno, as write(2) fails when the kernel cannot clear the bits)
     */
    void dropPrivilegesBeforeWrite(String path, int flags, int callerUid) {
        if (callerUid == 0 || !writeOnly(flags)) {
            return;
        }
        FileAttributes attributes = namespace.getattr(path);
        int mode = attributes.mode();
        int dropped = mode & ~(S_ISUID | ((mode & S_IXGRP) != 0 ? S_ISGID : 0));
        if (attributes.kind() == FileKind.FILE && dropped != mode) {
            namespace.chmod(path, dropped & PERMISSION_BITS);
        }
    }

    /** Called at every close(2) of a descriptor; the only place a late write error reaches the caller. */
    void flush(long handle) {
        namespace.flush(handle);
    }

    /** fsync(2) and fdatasync(2) ({@code dataOnly}): the file and the tree on stable storage. */
    void fsync(long handle, boolean dataOnly) {
        namespace.fsync(handle, dataOnly);
    }

    /** fsync(2) of a directory: its entries on stable storage. */
    void fsyncdir(String path) {
        namespace.fsyncDirectory(path);
    }

    void release(long handle) {
        namespace.release(handle);
    }

    void truncate(String path, long size) {
        namespace.truncate(path, size);
    }

    void mkdir(String path, long mode, int uid, int gid) {
        namespace.mkdir(path, (int) mode & PERMISSION_BITS, uid, gid);
    }

    void unlink(String path) {
        namespace.unlink(path);
    }

    void rmdir(String path) {
        namespace.rmdir(path);
    }

    void rename(String from, String to) {
        namespace.rename(from, to);
    }

    /** Whether a name exists (renameat2's RENAME_NOREPLACE check). */
    boolean exists(String path) {
        try {
            namespace.getattr(path);
            return true;
        } catch (NamespaceException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    void chmod(String path, long mode) {
        namespace.chmod(path, (int) mode & PERMISSION_BITS);
    }

    /** chown(2); {@code uid} or {@code gid} (uid_t) -1, as an unsigned 32-bit value, leaves that one unchanged. */
    void chown(String path, long uid, long gid) {
        long ownUid = uid & ID_UNCHANGED;
        long ownGid = gid & ID_UNCHANGED;
        if (ownUid == ID_UNCHANGED || ownGid == ID_UNCHANGED) {
            FileAttributes current = namespace.getattr(path);
            namespace.chown(path, ownUid == ID_UNCHANGED ? current.uid() : (int) ownUid,
                    ownGid == ID_UNCHANGED ? current.gid() : (int) ownGid);
        } else {
            namespace.chown(path, (int) ownUid, (int) ownGid);
        }
    }

    void utimens(String path, TimeChange atime, TimeChange mtime) {
        namespace.utimens(path, atime, mtime);
    }

    void symlink(String target, String linkPath, int uid, int gid) {
        namespace.symlink(target, linkPath, uid, gid);
    }

    /** Runs one callback body; maps its failure to the negated errno libfuse expects. */
    static int call(String operation, String path, IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (NamespaceException e) {
            return -e.errno().value();
        } catch (Throwable e) { // NOPMD: nothing may escape into native code, it would answer the kernel with garbage
            LOG.errorf(e, "FUSE %s %s failed unexpectedly; answering EIO", operation, path);
            return -Errno.EIO.value();
        }
    }
}
