package io.tapelib.gateway.fs;

import io.tapelib.gateway.fs.libfuse3.DirectoryFiller;
import io.tapelib.gateway.fs.libfuse3.FuseCallbacks3;
import io.tapelib.gateway.fs.libfuse3.FuseContext3;
import io.tapelib.gateway.fs.libfuse3.FuseFileInfo3;
import io.tapelib.gateway.fs.libfuse3.FuseInit3;
import io.tapelib.gateway.fs.libfuse3.FuseOperations3;
import io.tapelib.gateway.fs.libfuse3.FuseOperations3.Slot;
import io.tapelib.gateway.fs.libfuse3.LibFuse3;
import io.tapelib.gateway.fs.libfuse3.OpendirFlags;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.posix.Errno;
import java.time.Duration;
import java.util.function.IntSupplier;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.Statvfs;

/**
 * The FUSE filesystem of the mount under libfuse 3's high-level API (our own binding, package
 * {@code fs.libfuse3}; FUSE_API=3): the callbacks of libfuse 3.14's {@code struct fuse_operations} decode their
 * arguments and run the operations shared with the libfuse 2 binding ({@link MountOperations}).
 *
 * <p>What libfuse 3 adds and this uses: requests of up to 1 MiB ({@code max_write}, against 128 KiB), {@code noflush}
 * where flush has nothing to do ({@link MountOperations#open}: read-only opens, and every open of the tree's files
 * unless DURABILITY=close, whose FLUSH records and syncs the writes and must bring its error to close(2)),
 * {@code rename} with renameat2's RENAME_NOREPLACE, and a fixed pool of worker threads (no native thread made and
 * ended per burst of requests), and READDIRPLUS: listings carry the attributes of their entries
 * ({@link Fuse3Directories}), so a stat after a readdir costs no LOOKUP, and {@code cache_readdir}: the kernel answers
 * a listing again itself while nothing in it changed ({@link Fuse3Directories#open}; libfuse 3.14's
 * {@code fuse_lib_opendir} drops the flags opendir sets, {@link OpendirFlags} passes them on). Not used:
 * {@code nullpath_ok} (the namespace needs the path of fstat, ftruncate and the like).
 *
 * <p>What a new file costs (traced with the kernel's fuse_request_send tracepoint, Linux 6.18, a Java
 * {@code Files.write} of 1 KiB): five requests, GETATTR of the parent directory (a create drops the kernel's cached
 * attributes of its directory, and with {@code default_permissions} the next path walk's permission check asks for
 * them again), LOOKUP of the new name (negative), CREATE, WRITE and RELEASE (FLUSH too with DURABILITY=close). No
 * GETXATTR of
 * {@code security.capability}: the write of a write-only open is direct_io, whose kernel path skips file_remove_privs
 * (so {@link MountOperations#dropPrivilegesBeforeWrite} does its job). libfuse's passthrough example gets LOOKUP
 * twice (its entry timeout is 0), CREATE, WRITE and RELEASE (it has no flush).
 *
 * <p>Every callback returns 0 or a byte count, or {@code -errno} ({@link MountOperations#call}).
 */
final class TapeLibraryFuse3 {
    /** The kernel caching of today's libfuse 2 mount (see {@link MountManager#MOUNT_OPTIONS}): 30 s, no negatives. */
    static final double ENTRY_TIMEOUT_SECONDS = 30;
    static final double ATTR_TIMEOUT_SECONDS = 30;
    static final double NEGATIVE_TIMEOUT_SECONDS = 0;
    /**
     * How long after a listing went to the kernel with its entries' attributes the kernel may answer it again itself:
     * 5 s less than the entry and attribute timeouts, so that a stat of what it lists (find, ls -l) still asks nothing.
     */
    static final Duration LISTING_KEPT_FOR = Duration.ofSeconds((long) ENTRY_TIMEOUT_SECONDS - 5);
    /** Largest WRITE (and READ, through the kernel's max_pages) request, bytes: libfuse 3's own bound. */
    static final int MAX_WRITE = 1 << 20;

    /** renameat2(2) flags (include/uapi/linux/fs.h). */
    private static final int RENAME_NOREPLACE = 1;

    private final MountOperations operations;
    private final Fuse3Directories directories;
    private final LibFuse3 fuse;
    private final FuseOperations3 table = new FuseOperations3();
    /** Set by {@link #init} under libfuse 3.14, before the first OPENDIR; null otherwise. */
    private volatile OpendirFlags opendirFlags;

    TapeLibraryFuse3(Namespace namespace, LibFuse3 fuse) {
        this.operations = new MountOperations(namespace);
        this.directories = new Fuse3Directories(operations, LISTING_KEPT_FOR);
        this.fuse = fuse;
        register();
    }

    /** The operations structure for {@code fuse_new}. */
    FuseOperations3 operations() {
        return table;
    }

    private void register() {
        table.set(Slot.INIT, FuseCallbacks3.Init.class, this::init)
                .set(Slot.GETATTR, FuseCallbacks3.GetAttr.class, (path, stat, fi) -> call("getattr", path, () -> {
                    if (fi == null || fi.address() == 0) {
                        operations.getattr(path, FileStat.of(stat));
                    } else {
                        operations.getattr(path, FuseFileInfo3.handle(fi), FileStat.of(stat));
                    }
                    return 0;
                }))
                .set(Slot.READLINK, FuseCallbacks3.PathBuffer.class,
                        (path, buf, size) -> call("readlink", path, () -> operations.readlink(path, buf, size)))
                .set(Slot.MKNOD, FuseCallbacks3.Mknod.class, (path, mode, rdev) -> call("mknod", path, () -> {
                    Pointer context = fuse.fuse_get_context();
                    return operations.mknod(path, mode & 0xFFFF_FFFFL, rdev, FuseContext3.uid(context),
                            FuseContext3.gid(context));
                }))
                .set(Slot.MKDIR, FuseCallbacks3.PathMode.class, (path, mode) -> call("mkdir", path, () -> {
                    Pointer context = fuse.fuse_get_context();
                    operations.mkdir(path, mode, FuseContext3.uid(context), FuseContext3.gid(context));
                    return 0;
                }))
                .set(Slot.UNLINK, FuseCallbacks3.PathOnly.class, path -> call("unlink", path, () -> {
                    operations.unlink(path);
                    return 0;
                }))
                .set(Slot.RMDIR, FuseCallbacks3.PathOnly.class, path -> call("rmdir", path, () -> {
                    operations.rmdir(path);
                    return 0;
                }))
                .set(Slot.SYMLINK, FuseCallbacks3.TwoPaths.class, (target, link) -> call("symlink", link, () -> {
                    Pointer context = fuse.fuse_get_context();
                    operations.symlink(target, link, FuseContext3.uid(context), FuseContext3.gid(context));
                    return 0;
                }))
                .set(Slot.RENAME, FuseCallbacks3.Rename.class, this::rename)
                .set(Slot.LINK, FuseCallbacks3.TwoPaths.class, (existing, path) -> call("link", path, () -> {
                    operations.link(existing, path);
                    return 0;
                }))
                .set(Slot.CHMOD, FuseCallbacks3.Chmod.class, (path, mode, fi) -> call("chmod", path, () -> {
                    operations.chmod(path, mode);
                    return 0;
                }))
                .set(Slot.CHOWN, FuseCallbacks3.Chown.class, (path, uid, gid, fi) -> call("chown", path, () -> {
                    operations.chown(path, uid, gid);
                    return 0;
                }))
                .set(Slot.TRUNCATE, FuseCallbacks3.Truncate.class, (path, size, fi) -> call("truncate", path, () -> {
                    operations.truncate(path, size);
                    return 0;
                }))
                .set(Slot.OPEN, FuseCallbacks3.PathInfo.class, (path, fi) -> call("open", path, () -> {
                    opened(fi, operations.open(path, FuseFileInfo3.flags(fi)));
                    return 0;
                }))
                .set(Slot.CREATE, FuseCallbacks3.Create.class, (path, mode, fi) -> call("create", path, () -> {
                    Pointer context = fuse.fuse_get_context();
                    opened(fi, operations.create(path, mode, FuseFileInfo3.flags(fi), FuseContext3.uid(context),
                            FuseContext3.gid(context)));
                    return 0;
                }))
                .set(Slot.READ, FuseCallbacks3.ReadWrite.class, (path, buf, size, offset, fi) -> call("read", path,
                        () -> operations.data().read(FuseFileInfo3.handle(fi), buf, size, offset)))
                .set(Slot.WRITE, FuseCallbacks3.ReadWrite.class, (path, buf, size, offset, fi) -> call("write", path,
                        () -> {
                            operations.dropPrivilegesBeforeWrite(path, FuseFileInfo3.flags(fi),
                                    FuseContext3.uid(fuse.fuse_get_context()));
                            return operations.data().write(FuseFileInfo3.handle(fi), buf, size, offset);
                        }))
                .set(Slot.STATFS, FuseCallbacks3.Statfs.class, (path, statvfs) -> call("statfs", path, () -> {
                    operations.statfs(Statvfs.of(statvfs));
                    return 0;
                }))
                .set(Slot.FLUSH, FuseCallbacks3.PathInfo.class, (path, fi) -> call("flush", path, () -> {
                    operations.flush(FuseFileInfo3.handle(fi));
                    return 0;
                }))
                .set(Slot.RELEASE, FuseCallbacks3.PathInfo.class, (path, fi) -> call("release", path, () -> {
                    operations.release(FuseFileInfo3.handle(fi));
                    return 0;
                }))
                .set(Slot.FSYNC, FuseCallbacks3.Fsync.class, (path, datasync, fi) -> call("fsync", path, () -> {
                    operations.fsync(FuseFileInfo3.handle(fi), datasync != 0);
                    return 0;
                }))
                .set(Slot.FSYNCDIR, FuseCallbacks3.Fsync.class, (path, datasync, fi) -> call("fsyncdir", path, () -> {
                    operations.fsyncdir(path);
                    return 0;
                }))
                .set(Slot.SETXATTR, FuseCallbacks3.SetXattr.class, (path, name, value, size, flags) -> call("setxattr",
                        path, () -> operations.xattrs().set(path, name, value, size, flags)))
                .set(Slot.GETXATTR, FuseCallbacks3.GetXattr.class, (path, name, value, size) -> call("getxattr", path,
                        () -> operations.xattrs().get(path, name, value, size)))
                .set(Slot.LISTXATTR, FuseCallbacks3.PathBuffer.class, (path, list, size) -> call("listxattr", path,
                        () -> operations.xattrs().list(path, list, size)))
                .set(Slot.REMOVEXATTR, FuseCallbacks3.RemoveXattr.class, (path, name) -> call("removexattr", path,
                        () -> operations.xattrs().remove(path, name)))
                .set(Slot.OPENDIR, FuseCallbacks3.PathInfo.class, (path, fi) -> call("opendir", path, () -> {
                    opendir(path, fi);
                    return 0;
                }))
                .set(Slot.READDIR, FuseCallbacks3.Readdir.class, this::readdir)
                .set(Slot.RELEASEDIR, FuseCallbacks3.PathInfo.class, (path, fi) -> call("releasedir", path, () -> {
                    directories.release(FuseFileInfo3.handle(fi));
                    return 0;
                }))
                .set(Slot.UTIMENS, FuseCallbacks3.Utimens.class, (path, times, fi) -> call("utimens", path, () -> {
                    operations.utimens(path, FuseStructs.toTimeChange(times.getLong(0), times.getLong(8)),
                            FuseStructs.toTimeChange(times.getLong(16), times.getLong(24)));
                    return 0;
                }));
    }

    /**
     * libfuse's {@code init}: the caching of today's mount set in {@code struct fuse_config}, 1 MiB requests (writes,
     * and reads through a read-ahead of 1 MiB, {@link MountReadAhead}), READDIRPLUS for every request of a listing
     * (not the kernel's READDIRPLUS_AUTO, which asks for attributes only in a listing's first request unless lookups
     * came in between: find reads a whole directory before it stats the entries), and parallel directory operations
     * turned off (the kernel serializes the operations of one directory, as it does with libfuse 2). Under libfuse
     * 3.14, opendir's flags are passed on from here on ({@link OpendirFlags}).
     */
    private Pointer init(Pointer connection, Pointer config) {
        Pointer context = fuse.fuse_get_context();
        Pointer handle = context == null ? null : FuseContext3.fuse(context);
        Pointer session = handle == null ? null : fuse.fuse_get_session(handle);
        opendirFlags = session == null ? null : OpendirFlags.install(fuse, session);
        FuseInit3.configure(config, ENTRY_TIMEOUT_SECONDS, NEGATIVE_TIMEOUT_SECONDS, ATTR_TIMEOUT_SECONDS, true, true);
        FuseInit3.setMaxWrite(connection, MAX_WRITE);
        // the read-ahead MountReadAhead set before this reply stays: the kernel keeps the lower of the two
        FuseInit3.setMaxReadahead(connection, MAX_WRITE);
        FuseInit3.want(connection, FuseInit3.CAP_READDIRPLUS);
        FuseInit3.unwant(connection, FuseInit3.CAP_READDIRPLUS_AUTO | FuseInit3.CAP_PARALLEL_DIROPS);
        return null;
    }

    /**
     * opendir: the handle, {@code cache_readdir} (the kernel keeps what it reads of the listing) and, where
     * {@link Fuse3Directories#open} allows, {@code keep_cache} (it answers this open's reads from what it kept), on
     * libfuse's low-level file info too where libfuse 3.14 would drop them.
     */
    private void opendir(String path, Pointer fi) {
        Fuse3Directories.Opened opened = directories.open(path);
        FuseFileInfo3.setHandle(fi, opened.handle());
        int bits = FuseFileInfo3.CACHE_READDIR | (opened.keepListing() ? FuseFileInfo3.KEEP_CACHE : 0);
        FuseFileInfo3.set(fi, bits);
        OpendirFlags flags = opendirFlags;
        Pointer lowLevel = flags == null ? null : flags.lowLevel();
        if (lowLevel != null) {
            FuseFileInfo3.set(lowLevel, bits);
        }
    }

    private static void opened(Pointer fi, MountOperations.Opened opened) {
        FuseFileInfo3.setHandle(fi, opened.handle());
        int bits = (opened.directIo() ? FuseFileInfo3.DIRECT_IO : 0) | (opened.noFlush() ? FuseFileInfo3.NOFLUSH : 0);
        if (bits != 0) {
            FuseFileInfo3.set(fi, bits);
        }
    }

    /** rename(2) and renameat2(2): RENAME_NOREPLACE checked here, RENAME_EXCHANGE not offered (EINVAL). */
    private int rename(String from, String to, int flags) {
        return call("rename", from, () -> {
            if ((flags & ~RENAME_NOREPLACE) != 0) {
                return -Errno.EINVAL.value();
            }
            if (flags == RENAME_NOREPLACE && operations.exists(to)) {
                return -Errno.EEXIST.value();
            }
            operations.rename(from, to);
            return 0;
        });
    }

    /** readdir: one kernel request from {@code offset} on ({@link Fuse3Directories}). */
    private int readdir(String path, Pointer buffer, Pointer filler, long offset, Pointer fi, int flags) {
        return call("readdir", path, () -> directories.read(path, FuseFileInfo3.handle(fi), offset,
                (flags & DirectoryFiller.READDIR_PLUS) != 0, new DirectoryFiller(filler.address(), buffer.address())));
    }

    private static int call(String operation, String path, IntSupplier body) {
        return MountOperations.call(operation, path, body);
    }
}
