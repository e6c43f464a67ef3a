package io.tapelib.gateway.fs.libfuse3;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;

/**
 * The callbacks of libfuse 3's {@code struct fuse_operations} (fuse.h, 3.14) that the mount implements, one jnr-ffi
 * closure type per C signature. {@code const char *} paths arrive as Strings (decoded as UTF-8 with the JVM's
 * {@code -Dfile.encoding=UTF-8}), {@code struct stat *}, {@code struct fuse_file_info *} and buffers as Pointers (null
 * when libfuse passes NULL), {@code mode_t}, {@code uid_t} and {@code gid_t} as 32-bit ints, {@code size_t},
 * {@code off_t} and {@code dev_t} as longs. Each returns 0 or a byte count, or a negated errno.
 */
public final class FuseCallbacks3 {
    private FuseCallbacks3() {
    }

    /** {@code getattr(path, struct stat *, fi)}: fi is null but for fstat(2) of an open file. */
    public interface GetAttr {
        @Delegate
        int call(String path, Pointer stat, Pointer fi);
    }

    /** {@code readlink}, {@code listxattr}: a path, a buffer and its size. */
    public interface PathBuffer {
        @Delegate
        int call(String path, Pointer buffer, long size);
    }

    public interface Mknod {
        @Delegate
        int call(String path, int mode, long rdev);
    }

    /** {@code mkdir(path, mode)}. */
    public interface PathMode {
        @Delegate
        int call(String path, int mode);
    }

    /** {@code unlink}, {@code rmdir}. */
    public interface PathOnly {
        @Delegate
        int call(String path);
    }

    /** {@code symlink(target, linkpath)}, {@code link(existing, newpath)}. */
    public interface TwoPaths {
        @Delegate
        int call(String first, String second);
    }

    /** {@code rename(from, to, flags)}: flags are renameat2(2)'s RENAME_NOREPLACE (1) and RENAME_EXCHANGE (2). */
    public interface Rename {
        @Delegate
        int call(String from, String to, int flags);
    }

    public interface Chmod {
        @Delegate
        int call(String path, int mode, Pointer fi);
    }

    public interface Chown {
        @Delegate
        int call(String path, int uid, int gid, Pointer fi);
    }

    public interface Truncate {
        @Delegate
        int call(String path, long size, Pointer fi);
    }

    /** {@code open}, {@code flush}, {@code release}, {@code opendir}: a path and the file info. */
    public interface PathInfo {
        @Delegate
        int call(String path, Pointer fi);
    }

    /** {@code read}, {@code write}: a path, the bytes, their size, the file offset and the file info. */
    public interface ReadWrite {
        @Delegate
        int call(String path, Pointer buffer, long size, long offset, Pointer fi);
    }

    /** {@code statfs(path, struct statvfs *)}. */
    public interface Statfs {
        @Delegate
        int call(String path, Pointer statvfs);
    }

    /** {@code fsync}, {@code fsyncdir}: {@code datasync} non-zero for fdatasync(2). */
    public interface Fsync {
        @Delegate
        int call(String path, int datasync, Pointer fi);
    }

    public interface SetXattr {
        @Delegate
        int call(String path, String name, Pointer value, long size, int flags);
    }

    public interface GetXattr {
        @Delegate
        int call(String path, String name, Pointer value, long size);
    }

    public interface RemoveXattr {
        @Delegate
        int call(String path, String name);
    }

    /**
     * {@code readdir(path, buf, fuse_fill_dir_t filler, offset, fi, enum fuse_readdir_flags)}: the filler is a
     * function pointer ({@link DirectoryFiller}).
     */
    public interface Readdir {
        @Delegate
        int call(String path, Pointer buffer, Pointer filler, long offset, Pointer fi, int flags);
    }

    /** {@code void *init(struct fuse_conn_info *, struct fuse_config *)}: returns the private data (null here). */
    public interface Init {
        @Delegate
        Pointer call(Pointer connection, Pointer config);
    }

    public interface Create {
        @Delegate
        int call(String path, int mode, Pointer fi);
    }

    /** {@code utimens(path, const struct timespec tv[2], fi)}. */
    public interface Utimens {
        @Delegate
        int call(String path, Pointer times, Pointer fi);
    }
}
