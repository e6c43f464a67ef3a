package io.tapelib.gateway.fs.libfuse3;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * The libfuse 3 functions the mount calls (Debian package libfuse3-3, {@code libfuse3.so.3}; declarations in
 * /usr/include/fuse3/fuse.h, fuse_common.h and fuse_lowlevel.h of libfuse 3.14). Symbols are looked up with
 * {@code dlsym}, which picks each symbol's default version ({@code objdump -T libfuse3.so.3} marks the others in
 * parentheses): {@code fuse_new} resolves to {@code fuse_new@@FUSE_3.1} (fuse.h's {@code fuse_new_31}, the one taking
 * the operations' size). {@code size_t}, {@code off_t} and
 * {@code fuse_ino_t} are 64 bits on LP64 Linux, so they are Java {@code long}s.
 */
public interface LibFuse3 {

    /** The library's file name: the runtime package installs only this name (the unversioned one comes with -dev). */
    String LIBRARY = "libfuse3.so.3";

    /**
     * fuse.h (3.1+): creates the high-level filesystem object from {@code struct fuse_args} and the operations.
     *
     * @return the {@code struct fuse *}, or null when an option is refused (libfuse says why on standard error)
     */
    Pointer fuse_new(Pointer args, Pointer operations, long operationsSize, Pointer userData);

    /** fuse.h: mounts at {@code mountpoint} (through fusermount3 when not root); 0 on success, -1 on failure. */
    int fuse_mount(Pointer fuse, String mountpoint);

    /** fuse.h: unmounts, unless the kernel already ended the connection. */
    void fuse_unmount(Pointer fuse);

    /** fuse.h: frees the filesystem object and its session (closes /dev/fuse). */
    void fuse_destroy(Pointer fuse);

    /** fuse.h: the {@code struct fuse_context} of the operation running on this thread (valid during it only). */
    Pointer fuse_get_context();

    /** fuse.h: the low-level session of a filesystem object. */
    Pointer fuse_get_session(Pointer fuse);

    /** fuse_common.h: the library's version as {@code 100 * major + minor} (314 for 3.14.x). */
    int fuse_version();

    /** fuse_lowlevel.h: makes the session's loop end. */
    void fuse_session_exit(Pointer session);

    /** fuse_lowlevel.h: whether the session has ended (non-zero) or still serves (0). */
    int fuse_session_exited(Pointer session);

    /**
     * fuse_lowlevel.h: waits for the kernel's next request and reads it into {@code buffer}, a {@code struct
     * fuse_buf} ({@link #FUSE_BUF_SIZE} bytes, zeroed before the first call: libfuse then allocates its memory with
     * malloc(3), once, and reuses it; the caller frees it with libc's free(3) when done). Several threads may wait at
     * once, each with its own buffer (libfuse's fuse_loop_mt does exactly that).
     *
     * @return the request's size in bytes; 0 when the session ended (the kernel answered ENODEV: unmounted or
     *         aborted); a negated errno otherwise ({@code -EINTR}: try again)
     */
    int fuse_session_receive_buf(Pointer session, Pointer buffer);

    /** fuse_lowlevel.h: serves one request read by {@link #fuse_session_receive_buf}, on the calling thread. */
    void fuse_session_process_buf(Pointer session, Pointer buffer);

    /**
     * Bytes of fuse_common.h's {@code struct fuse_buf} on LP64: {@code size_t size; enum fuse_buf_flags flags;
     * void *mem; int fd; off_t pos;} (8 + 4 + 4 padding + 8 + 4 + 4 padding + 8).
     */
    long FUSE_BUF_SIZE = 40;

    /** Offset of {@code mem} in {@code struct fuse_buf}. */
    long FUSE_BUF_MEM = 16;

    /**
     * fuse_lowlevel.h (3.x: takes the session, libfuse 2 took a channel): tells the kernel to drop its cached
     * attributes of node {@code ino}, and its cached data from {@code offset} on for {@code length} bytes (0: to the
     * end); a negative offset drops the attributes only.
     *
     * @return 0, or a negated errno (-ENOENT: the kernel does not hold the node)
     */
    int fuse_lowlevel_notify_inval_inode(Pointer session, long ino, long offset, long length);

    /**
     * Loads libfuse 3.
     *
     * @throws UnsatisfiedLinkError when libfuse3.so.3 is not installed (Debian package libfuse3-3) or lacks a symbol
     *                              (a libfuse older than 3.1)
     */
    static LibFuse3 load() {
        return LibraryLoader.create(LibFuse3.class).failImmediately().load(LIBRARY);
    }
}
