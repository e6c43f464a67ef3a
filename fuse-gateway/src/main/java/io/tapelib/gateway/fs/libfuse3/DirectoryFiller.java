package io.tapelib.gateway.fs.libfuse3;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;

/**
 * Calls libfuse 3's {@code fuse_fill_dir_t} (fuse.h, 3.14: {@code int (*)(void *buf, const char *name, const struct
 * stat *stbuf, off_t off, enum fuse_fill_dir_flags flags)}) for one readdir callback, straight through jffi: no
 * closure object and no heap buffer per entry. The name is copied into one native buffer owned by this object, as
 * UTF-8 and NUL-terminated (libfuse copies it before returning). Not thread-safe: one per readdir call; {@link #close}
 * frees its memory.
 */
public final class DirectoryFiller implements AutoCloseable {
    /** Longest name at the mount, bytes (Linux NAME_MAX), plus the terminating NUL. */
    private static final int NAME_CAPACITY = 256;
    private static final CallContext FILL_DIR = CallContext.getCallContext(Type.SINT32,
            new Type[] {Type.POINTER, Type.POINTER, Type.POINTER, Type.SINT64, Type.SINT32},
            CallingConvention.DEFAULT, false);
    private static final MemoryIO NATIVE = MemoryIO.getInstance();

    private final long function;
    private final long buffer;
    private final long name;

    /**
     * @param function the filler's address, as libfuse passed it
     * @param buffer   libfuse's {@code buf} argument, passed back at each call
     */
    public DirectoryFiller(long function, long buffer) {
        this.function = function;
        this.buffer = buffer;
        this.name = NATIVE.allocateMemory(NAME_CAPACITY, false);
    }

    /**
     * Adds one entry.
     *
     * @param entryName the name (at most 255 bytes of UTF-8)
     * @param stat      address of a {@code struct stat} whose {@code st_ino} and the type bits of {@code st_mode} libfuse
     *                  reads (0 for none)
     * @return libfuse's answer: 0, or 1 when its buffer is full or memory ran out
     */
    public int add(String entryName, long stat) {
        byte[] utf8 = entryName.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(utf8.length, NAME_CAPACITY - 1);
        NATIVE.putByteArray(name, utf8, 0, length);
        NATIVE.putByte(name + length, (byte) 0);
        return (int) Invoker.getInstance().invokeN5(FILL_DIR, function, buffer, name, stat, 0L, 0L);
    }

    /**
     * Adds one entry whose name the caller keeps in native memory.
     *
     * @param nameAddress address of the NUL-terminated UTF-8 name, valid until this returns (libfuse copies it)
     * @param stat        as {@link #add(String, long)}
     * @return as {@link #add(String, long)}
     */
    public int addNative(long nameAddress, long stat) {
        return (int) Invoker.getInstance().invokeN5(FILL_DIR, function, buffer, nameAddress, stat, 0L, 0L);
    }

    @Override
    public void close() {
        NATIVE.freeMemory(name);
    }
}
