package io.tapelib.gateway.fs;

import io.tapelib.gateway.namespace.FileAttributes;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.IntSupplier;
import jnr.ffi.Pointer;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import jnr.ffi.types.gid_t;
import org.jboss.logging.Logger;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE filesystem of the mount: a thin translation of libfuse 2 high-level calls (through jnr-fuse
 * 0.5.8) to {@link Namespace} calls, and of {@link NamespaceException} to a negated errno
 * (shared/DESIGN.md section 2, package {@code fs/}). It holds no state of its own beyond the namespace:
 * the file handle libfuse keeps in {@code fuse_file_info.fh} is the namespace's handle. The kernel's structures are
 * filled by {@link FuseStructs}, the extended-attribute protocol is {@link FuseXattrs}'s and the bytes of read and
 * write move through {@link FuseFileData}.
 *
 * <p>Every callback returns 0 or a byte count on success and {@code -errno} on failure; an exception that
 * is not a {@link NamespaceException} becomes {@code -EIO} with one log line. Paths arrive as libfuse gives them:
 * absolute within the mount.
 *
 * <p>The operations structure sets {@code flag_utime_omit_ok} ({@link FuseOperationsFlags}), so a {@code utimens}
 * that changes one time only ({@code touch -m}, {@code touch -a}) reaches this class with UTIME_OMIT / UTIME_NOW.
 * Known limit of this binding (DESIGN.md section 9): libfuse 2 creates and ends native threads freely.
 */
public class TapeLibraryFuse extends FuseStubFS {

    /**
     * Leaves unmounting to the caller ({@link MountManager}, which detaches and waits): jnr-fuse's {@code umount()}
     * and the shutdown hook it registers start {@code fusermount -u -z} without waiting, and such a late one can
     * outlive this JVM and detach the next gateway's fresh mount at the same mount point.
     */
    void handOverUnmount() {
        mounted.set(false);
    }

    private static final Logger LOG = Logger.getLogger(TapeLibraryFuse.class);

    /** Linux open(2) flag values (asm-generic/fcntl.h). */
    private static final int O_ACCMODE = 03;
    private static final int O_RDONLY = 00;
    private static final int O_WRONLY = 01;
    private static final int O_TRUNC = 01000;
    private static final int O_NONBLOCK = 04000;

    /** chown(2) passes (uid_t) -1 / (gid_t) -1 for "leave unchanged". */
    private static final long ID_UNCHANGED = 0xFFFF_FFFFL;

    private static final int PERMISSION_BITS = 07777;

    private final Namespace namespace;
    private final FuseXattrs xattrs;
    private final FuseFileData data;
    private final DirectoryFiller directories = new DirectoryFiller();
    private final String filesystemName;

    /**
     * Creates the filesystem. Loads libfuse 2 (jnr-fuse does it in the super constructor).
     *
     * @param namespace      the tree to show
     * @param filesystemName argv[0] given to libfuse (shown by libfuse's messages)
     * @throws UnsatisfiedLinkError when libfuse.so.2 is not installed (Debian package libfuse2)
     */
    public TapeLibraryFuse(Namespace namespace, String filesystemName) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.xattrs = new FuseXattrs(namespace);
        this.data = new FuseFileData(namespace);
        this.filesystemName = Objects.requireNonNull(filesystemName, "filesystemName");
        FuseOperationsFlags.allowUtimeOmit(fuseOperations);
    }

    @Override
    protected String getFSName() {
        return filesystemName;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        return call("getattr", path, () -> {
            FuseStructs.fillStat(namespace.getattr(path), stat);
            return 0;
        });
    }

    @Override
    public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
        return getattr(path, stat);
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        return call("readdir", path, () -> directories.fill(namespace.listing(path), buf, filler));
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        return call("readlink", path, () -> {
            byte[] target = namespace.readlink(path).getBytes(StandardCharsets.UTF_8);
            if (size <= 0) {
                return -Errno.EINVAL.value();
            }
            // libfuse 2 wants a NUL-terminated string, truncated to fit the buffer (fuse.h, readlink).
            int length = (int) Math.min(target.length, size - 1);
            buf.put(0, target, 0, length);
            buf.putByte(length, (byte) 0);
            return 0;
        });
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        return call("statfs", path, () -> {
            FuseStructs.fillStatfs(namespace.statfs(), stbuf);
            return 0;
        });
    }

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        return call("getxattr", path, () -> xattrs.get(path, name, value, size));
    }

    @Override
    public int listxattr(String path, Pointer list, @size_t long size) {
        return call("listxattr", path, () -> xattrs.list(path, list, size));
    }

    @Override
    public int setxattr(String path, String name, Pointer value, @size_t long size, int flags) {
        return call("setxattr", path, () -> xattrs.set(path, name, value, size, flags));
    }

    @Override
    public int removexattr(String path, String name) {
        return call("removexattr", path, () -> xattrs.remove(path, name));
    }

    /**
     * mknod(2). A FIFO at a FUSE mount is opened by the kernel itself (fs/fuse/inode.c, init_special_inode): no
     * open or read of one reaches this filesystem, and neither does any of a device node's.
     */
    @Override
    public int mknod(String path, @mode_t long mode, @dev_t long rdev) {
        return call("mknod", path, () -> {
            FileKind kind = FuseStructs.kindOf(mode);
            if (kind == null) {
                return -Errno.EINVAL.value();
            }
            FuseContext context = getContext();
            namespace.mknod(path, kind, (int) mode & PERMISSION_BITS, rdev, context.uid.intValue(),
                    context.gid.intValue());
            return 0;
        });
    }

    @Override
    public int link(String oldpath, String newpath) {
        return call("link", newpath, () -> {
            namespace.link(oldpath, newpath);
            return 0;
        });
    }

    /**
     * open(2). The kernel passes the open flags on but for O_CREAT, O_EXCL and O_NOCTTY (fs/fuse/file.c,
     * fuse_send_open), so O_NONBLOCK arrives in {@code fi.flags}: an offline file then answers EAGAIN at once and its
     * recall is queued ({@link Namespace#open(String, boolean, boolean, boolean)}). A handle the namespace wants read
     * without the page cache ({@link Namespace#directIo}) is opened with {@code direct_io}, and so is a write-only one
     * ({@link #writeOnly}).
     */
    @Override
    public int open(String path, FuseFileInfo fi) {
        return call("open", path, () -> {
            int flags = fi.flags.get();
            boolean write = (flags & O_ACCMODE) != O_RDONLY;
            boolean truncate = (flags & O_TRUNC) != 0;
            long handle = namespace.open(path, write, truncate, (flags & O_NONBLOCK) != 0);
            fi.fh.set(handle);
            if (namespace.directIo(handle)) {
                if (!FuseStructs.setDirectIo(fi)) {
                    LOG.warnf("open %s: direct I/O cannot be set on this platform; reads may end at the size getattr"
                            + " showed", path);
                }
            } else if ((flags & O_ACCMODE) == O_WRONLY) {
                writeOnly(fi);
            }
            return 0;
        });
    }

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        return call("create", path, () -> {
            FuseContext context = getContext();
            long handle = namespace.create(path, (int) mode & PERMISSION_BITS,
                    context.uid.intValue(), context.gid.intValue());
            fi.fh.set(handle);
            if ((fi.flags.get() & O_ACCMODE) == O_WRONLY) {
                writeOnly(fi);
            }
            return 0;
        });
    }

    /**
     * A write-only open bypasses the kernel's page cache (FOPEN_DIRECT_IO): its bytes go from the writer's own pages
     * to libfuse's buffer instead of first being copied into pages of this mount that nobody reads through this
     * descriptor (it cannot be read or mmapped). The kernel drops cached pages of the range each direct write covers,
     * so other opens stay coherent. The object's pages in the cache file's filesystem keep the bytes for readers.
     */
    private static void writeOnly(FuseFileInfo fi) {
        FuseStructs.setDirectIo(fi);
    }

    /** read(2): gathered into libfuse's buffer without a heap copy ({@link FuseFileData#read}). */
    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return call("read", path, () -> data.read(fi.fh.get(), buf, size, offset));
    }

    /** write(2): the bytes go from libfuse's buffer to the cache object without a heap copy ({@link FuseFileData}). */
    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return call("write", path, () -> data.write(fi.fh.get(), buf, size, offset));
    }

    /** Called at every close(2) of a descriptor; the only place a late write error reaches the caller. */
    @Override
    public int flush(String path, FuseFileInfo fi) {
        return call("flush", path, () -> {
            namespace.flush(fi.fh.get());
            return 0;
        });
    }

    /** fsync(2) and fdatasync(2) ({@code isdatasync} non-zero): the file and the tree on stable storage. */
    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        return call("fsync", path, () -> {
            namespace.fsync(fi.fh.get(), isdatasync != 0);
            return 0;
        });
    }

    /** fsync(2) of a directory: its entries on stable storage. */
    @Override
    public int fsyncdir(String path, FuseFileInfo fi) {
        return call("fsyncdir", path, () -> {
            namespace.fsyncDirectory(path);
            return 0;
        });
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        return call("release", path, () -> {
            namespace.release(fi.fh.get());
            return 0;
        });
    }

    @Override
    public int truncate(String path, @off_t long size) {
        return call("truncate", path, () -> {
            namespace.truncate(path, size);
            return 0;
        });
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        return truncate(path, size);
    }

    @Override
    public int mkdir(String path, @mode_t long mode) {
        return call("mkdir", path, () -> {
            FuseContext context = getContext();
            namespace.mkdir(path, (int) mode & PERMISSION_BITS, context.uid.intValue(), context.gid.intValue());
            return 0;
        });
    }

    @Override
    public int unlink(String path) {
        return call("unlink", path, () -> {
            namespace.unlink(path);
            return 0;
        });
    }

    @Override
    public int rmdir(String path) {
        return call("rmdir", path, () -> {
            namespace.rmdir(path);
            return 0;
        });
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return call("rename", oldpath, () -> {
            namespace.rename(oldpath, newpath);
            return 0;
        });
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        return call("chmod", path, () -> {
            namespace.chmod(path, (int) mode & PERMISSION_BITS);
            return 0;
        });
    }

    @Override
    public int chown(String path, @uid_t long uid, @gid_t long gid) {
        return call("chown", path, () -> {
            if (uid == ID_UNCHANGED || gid == ID_UNCHANGED) {
                FileAttributes current = namespace.getattr(path);
                namespace.chown(path, uid == ID_UNCHANGED ? current.uid() : (int) uid,
                        gid == ID_UNCHANGED ? current.gid() : (int) gid);
            } else {
                namespace.chown(path, (int) uid, (int) gid);
            }
            return 0;
        });
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return call("utimens", path, () -> {
            namespace.utimens(path, FuseStructs.toTimeChange(timespec[0]), FuseStructs.toTimeChange(timespec[1]));
            return 0;
        });
    }

    @Override
    public int symlink(String target, String linkPath) {
        return call("symlink", linkPath, () -> {
            FuseContext context = getContext();
            namespace.symlink(target, linkPath, context.uid.intValue(), context.gid.intValue());
            return 0;
        });
    }

    /** Runs one callback body; maps its failure to the negated errno libfuse expects. */
    private static int call(String operation, String path, IntSupplier body) {
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
