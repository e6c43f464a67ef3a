package io.tapelib.gateway.fs;

import io.tapelib.gateway.namespace.Namespace;
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
 * The FUSE filesystem of the mount under libfuse 2.9's high-level API (through jnr-fuse 0.5.8, FUSE_API=2): the
 * callbacks decode jnr-fuse's arguments and run the operations shared with the libfuse 3 binding
 * ({@link MountOperations}; shared/DESIGN.md section 2, package {@code fs/}). It holds no state of its own beyond the
 * namespace: the file handle libfuse keeps in {@code fuse_file_info.fh} is the namespace's handle.
 *
 * <p>Every callback returns 0 or a byte count on success and {@code -errno} on failure; an exception that
 * is not a {@link io.tapelib.gateway.posix.NamespaceException} becomes {@code -EIO} with one log line. Paths arrive as libfuse gives them:
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

    private final MountOperations operations;
    private final Fuse2DirectoryFiller directories = new Fuse2DirectoryFiller();
    private final String filesystemName;

    /**
     * Creates the filesystem. Loads libfuse 2 (jnr-fuse does it in the super constructor).
     *
     * @param namespace      the tree to show
     * @param filesystemName argv[0] given to libfuse (shown by libfuse's messages)
     * @throws UnsatisfiedLinkError when libfuse.so.2 is not installed (Debian package libfuse2)
     */
    public TapeLibraryFuse(Namespace namespace, String filesystemName) {
        this.operations = new MountOperations(namespace);
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
            operations.getattr(path, stat);
            return 0;
        });
    }

    @Override
    public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
        return getattr(path, stat);
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        return call("readdir", path, () -> directories.fill(operations.listing(path), buf, filler));
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        return call("readlink", path, () -> operations.readlink(path, buf, size));
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        return call("statfs", path, () -> {
            operations.statfs(stbuf);
            return 0;
        });
    }

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        return call("getxattr", path, () -> operations.xattrs().get(path, name, value, size));
    }

    @Override
    public int listxattr(String path, Pointer list, @size_t long size) {
        return call("listxattr", path, () -> operations.xattrs().list(path, list, size));
    }

    @Override
    public int setxattr(String path, String name, Pointer value, @size_t long size, int flags) {
        return call("setxattr", path, () -> operations.xattrs().set(path, name, value, size, flags));
    }

    @Override
    public int removexattr(String path, String name) {
        return call("removexattr", path, () -> operations.xattrs().remove(path, name));
    }

    /** mknod(2) ({@link MountOperations#mknod}). */
    @Override
    public int mknod(String path, @mode_t long mode, @dev_t long rdev) {
        return call("mknod", path, () -> {
            FuseContext context = getContext();
            return operations.mknod(path, mode, rdev, context.uid.intValue(), context.gid.intValue());
        });
    }

    @Override
    public int link(String oldpath, String newpath) {
        return call("link", newpath, () -> {
            operations.link(oldpath, newpath);
            return 0;
        });
    }

    /** open(2) ({@link MountOperations#open}); {@code noflush} does not exist in libfuse 2. */
    @Override
    public int open(String path, FuseFileInfo fi) {
        return call("open", path, () -> {
            MountOperations.Opened opened = operations.open(path, fi.flags.get());
            fi.fh.set(opened.handle());
            if (opened.directIo() && !FuseStructs.setDirectIo(fi)) {
                LOG.warnf("open %s: direct I/O cannot be set on this platform; reads may end at the size getattr"
                        + " showed", path);
            }
            return 0;
        });
    }

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        return call("create", path, () -> {
            FuseContext context = getContext();
            MountOperations.Opened opened = operations.create(path, mode, fi.flags.get(), context.uid.intValue(),
                    context.gid.intValue());
            fi.fh.set(opened.handle());
            if (opened.directIo()) {
                FuseStructs.setDirectIo(fi);
            }
            return 0;
        });
    }

    /** read(2): gathered into libfuse's buffer without a heap copy ({@link FuseFileData#read}). */
    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return call("read", path, () -> operations.data().read(fi.fh.get(), buf, size, offset));
    }

    /**
     * write(2): the bytes go from libfuse's buffer to the cache object without a heap copy ({@link FuseFileData}), after
     * set-user-ID and set-group-ID are cleared where the kernel leaves that to the filesystem
     * ({@link MountOperations#dropPrivilegesBeforeWrite}).
     */
    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return call("write", path, () -> {
            operations.dropPrivilegesBeforeWrite(path, fi.flags.get(), getContext().uid.intValue());
            return operations.data().write(fi.fh.get(), buf, size, offset);
        });
    }

    /** Called at every close(2) of a descriptor; the only place a late write error reaches the caller. */
    @Override
    public int flush(String path, FuseFileInfo fi) {
        return call("flush", path, () -> {
            operations.flush(fi.fh.get());
            return 0;
        });
    }

    /** fsync(2) and fdatasync(2) ({@code isdatasync} non-zero): the file and the tree on stable storage. */
    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        return call("fsync", path, () -> {
            operations.fsync(fi.fh.get(), isdatasync != 0);
            return 0;
        });
    }

    /** fsync(2) of a directory: its entries on stable storage. */
    @Override
    public int fsyncdir(String path, FuseFileInfo fi) {
        return call("fsyncdir", path, () -> {
            operations.fsyncdir(path);
            return 0;
        });
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        return call("release", path, () -> {
            operations.release(fi.fh.get());
            return 0;
        });
    }

    @Override
    public int truncate(String path, @off_t long size) {
        return call("truncate", path, () -> {
            operations.truncate(path, size);
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
            operations.mkdir(path, mode, context.uid.intValue(), context.gid.intValue());
            return 0;
        });
    }

    @Override
    public int unlink(String path) {
        return call("unlink", path, () -> {
            operations.unlink(path);
            return 0;
        });
    }

    @Override
    public int rmdir(String path) {
        return call("rmdir", path, () -> {
            operations.rmdir(path);
            return 0;
        });
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return call("rename", oldpath, () -> {
            operations.rename(oldpath, newpath);
            return 0;
        });
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        return call("chmod", path, () -> {
            operations.chmod(path, mode);
            return 0;
        });
    }

    @Override
    public int chown(String path, @uid_t long uid, @gid_t long gid) {
        return call("chown", path, () -> {
            operations.chown(path, uid, gid);
            return 0;
        });
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return call("utimens", path, () -> {
            operations.utimens(path, FuseStructs.toTimeChange(timespec[0]), FuseStructs.toTimeChange(timespec[1]));
            return 0;
        });
    }

    @Override
    public int symlink(String target, String linkPath) {
        return call("symlink", linkPath, () -> {
            FuseContext context = getContext();
            operations.symlink(target, linkPath, context.uid.intValue(), context.gid.intValue());
            return 0;
        });
    }

    private static int call(String operation, String path, IntSupplier body) {
        return MountOperations.call(operation, path, body);
    }
}
