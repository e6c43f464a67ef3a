package io.tapelib.gateway.fs.libfuse3;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;

/**
 * Calls libfuse 3's {@code fuse_fill_dir_t} (fuse.h, 3.14: {@code int (*)(void *buf, const char *name, const struct
 * stat *stbuf, off_t off, enum fuse_fill_dir_flags flags)}) for one readdir callback, straight through jffi: no
 * closure object, no heap buffer and no native memory of its own per call. The caller keeps the name and the
 * {@code struct stat} in native memory (libfuse copies both before returning).
 *
 * <p>libfuse 3.14's high-level readdir has two modes (lib/fuse.c): with offset 0 at every entry it takes the whole
 * listing in one call and answers the kernel from its own buffer, and then ignores the attributes of READDIRPLUS
 * (it sends node id 0, which the kernel takes as "look it up"); with the entry's own non-zero offset it fills the
 * kernel's request and stops where the filler answers 1 (full), calling readdir again at the offset of the next
 * request, and with {@link #PLUS} it looks the name up in its node table and sends the attributes, so the kernel
 * needs no LOOKUP. The mount uses the second mode. Not thread-safe: one per readdir call.
 */
public final class DirectoryFiller {
    /** {@code FUSE_FILL_DIR_PLUS}: the stat is complete, for READDIRPLUS (fuse.h). */
    public static final int PLUS = 1 << 1;
    /** {@code FUSE_READDIR_PLUS}, in the readdir callback's flags: the kernel asked for READDIRPLUS (fuse.h). */
    public static final int READDIR_PLUS = 1;

    private static final CallContext FILL_DIR = CallContext.getCallContext(Type.SINT32,
            new Type[] {Type.POINTER, Type.POINTER, Type.POINTER, Type.SINT64, Type.SINT32},
            CallingConvention.DEFAULT, false);

    private final long function;
    private final long buffer;

    /**
     * @param function the filler's address, as libfuse passed it
     * @param buffer   libfuse's {@code buf} argument, passed back at each call
     */
    public DirectoryFiller(long function, long buffer) {
        this.function = function;
        this.buffer = buffer;
    }

    /**
     * Adds one entry.
     *
     * @param nameAddress address of the NUL-terminated UTF-8 name (at most 255 bytes), valid until this returns
     * @param stat        address of a {@code struct stat}: with {@link #PLUS} all of it is the entry's attributes,
     *                    without it libfuse reads {@code st_ino} and the type bits of {@code st_mode}; 0 for none
     * @param offset      the offset of the entry after this one (readdir is called there for the next request);
     *                    never 0 (see the class comment)
     * @param flags       {@link #PLUS} or 0
     * @return libfuse's answer: 0, or 1 when the kernel's request is full (this entry was not added)
     */
    public int add(long nameAddress, long stat, long offset, int flags) {
        return (int) Invoker.getInstance().invokeN5(FILL_DIR, function, buffer, nameAddress, stat, offset, flags);
    }
}
