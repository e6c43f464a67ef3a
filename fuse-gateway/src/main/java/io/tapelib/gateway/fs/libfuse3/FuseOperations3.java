package io.tapelib.gateway.fs.libfuse3;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * libfuse 3's {@code struct fuse_operations} (fuse.h, 3.14) in native memory: 42 function pointers of 8 bytes, 336
 * bytes in all (checked with {@code sizeof} against the 3.14 headers), in the header's order. An operation left unset
 * stays NULL, which libfuse answers with its default (ENOSYS for most, success for opendir, releasedir and
 * fsyncdir without a filesystem's word). {@code fuse_new} copies the structure; the closures must stay reachable for
 * as long as the filesystem runs, so this object keeps them.
 */
public final class FuseOperations3 {
    /** The slots of fuse.h's {@code struct fuse_operations}, in declaration order. */
    public enum Slot {
        GETATTR, READLINK, MKNOD, MKDIR, UNLINK, RMDIR, SYMLINK, RENAME, LINK, CHMOD, CHOWN, TRUNCATE, OPEN, READ,
        WRITE, STATFS, FLUSH, RELEASE, FSYNC, SETXATTR, GETXATTR, LISTXATTR, REMOVEXATTR, OPENDIR, READDIR,
        RELEASEDIR, FSYNCDIR, INIT, DESTROY, ACCESS, CREATE, LOCK, UTIMENS, BMAP, IOCTL, POLL, WRITE_BUF, READ_BUF,
        FLOCK, FALLOCATE, COPY_FILE_RANGE, LSEEK
    }

    /** {@code sizeof(struct fuse_operations)} of libfuse 3.14 on LP64: what {@code fuse_new} is told. */
    public static final int SIZE = Slot.values().length * 8;

    private final Runtime runtime = Runtime.getSystemRuntime();
    private final Pointer memory = Memory.allocateDirect(runtime, SIZE, true);
    /** The closures and their native trampolines: a collected one would leave libfuse a dangling pointer. */
    private final List<Object> keep = new ArrayList<>();

    /**
     * Puts a callback in its slot.
     *
     * @param type     the closure interface (one of {@link FuseCallbacks3}'s) matching the slot's C signature
     * @param callback the implementation
     */
    public <T> FuseOperations3 set(Slot slot, Class<T> type, T callback) {
        Pointer trampoline = runtime.getClosureManager().getClosurePointer(type, callback);
        keep.add(callback);
        keep.add(trampoline);
        memory.putPointer((long) slot.ordinal() * 8, trampoline);
        return this;
    }

    /** The structure's memory, for {@code fuse_new}. */
    public Pointer memory() {
        return memory;
    }
}
