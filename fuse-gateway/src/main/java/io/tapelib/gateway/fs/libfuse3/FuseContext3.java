package io.tapelib.gateway.fs.libfuse3;

import jnr.ffi.Pointer;

/**
 * libfuse 3's {@code struct fuse_context} (fuse.h, 3.14; LP64): {@code struct fuse *fuse} at 0, {@code uid_t uid} at
 * 8, {@code gid_t gid} at 12, {@code pid_t pid} at 16, {@code void *private_data} at 24, {@code mode_t umask} at 32.
 * Valid during the filesystem operation running on the thread that asked for it ({@link LibFuse3#fuse_get_context}).
 */
public final class FuseContext3 {
    private FuseContext3() {
    }

    /** The filesystem object ({@code struct fuse *}). */
    public static Pointer fuse(Pointer context) {
        return context.getPointer(0);
    }

    public static int uid(Pointer context) {
        return context.getInt(8);
    }

    public static int gid(Pointer context) {
        return context.getInt(12);
    }

    public static int pid(Pointer context) {
        return context.getInt(16);
    }
}
