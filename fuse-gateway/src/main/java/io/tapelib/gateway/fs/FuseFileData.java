package io.tapelib.gateway.fs;

import io.tapelib.gateway.namespace.Namespace;
import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/**
 * The read and write callbacks of {@link TapeLibraryFuse}: bytes go between the namespace's open handles and the
 * native memory libfuse lends for one request, through a direct buffer over that memory and without a heap copy on
 * the way (a copy halved the cached read's throughput). Each method returns the byte count the callback answers; a
 * {@link io.tapelib.gateway.posix.NamespaceException} propagates to the callback, which translates it.
 */
final class FuseFileData {
    private static final MemoryIO NATIVE = MemoryIO.getInstance();

    private final Namespace namespace;

    FuseFileData(Namespace namespace) {
        this.namespace = namespace;
    }

    /**
     * read(2) of {@code size} bytes at {@code offset} into {@code buf}. libfuse 2 takes a short read for end of file,
     * so this gathers until the buffer is full or the namespace answers end of file.
     */
    int read(long handle, Pointer buf, long size, long offset) {
        int wanted = (int) size;
        ByteBuffer destination = nativeBuffer(buf, wanted);
        int total = 0;
        while (total < wanted) {
            ByteBuffer window = destination.slice(total, wanted - total);
            int count = namespace.read(handle, window, offset + total, wanted - total);
            if (count <= 0) {
                break;
            }
            total += count;
        }
        return total;
    }

    /** write(2) of {@code size} bytes of {@code buf} at {@code offset}: the count the namespace took. */
    int write(long handle, Pointer buf, long size, long offset) {
        return namespace.write(handle, nativeBuffer(buf, (int) size), offset, (int) size);
    }

    /**
     * A direct buffer over {@code size} bytes of native memory libfuse lends for the length of one callback (the
     * request's data for a write, the reply's for a read); it must not outlive the callback.
     */
    private static ByteBuffer nativeBuffer(Pointer memory, int size) {
        return NATIVE.newDirectByteBuffer(memory.address(), size);
    }
}
