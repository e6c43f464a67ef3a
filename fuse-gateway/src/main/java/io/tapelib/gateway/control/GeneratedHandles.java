package io.tapelib.gateway.control;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open handles of the control directory's generated files, each with the content rendered at its open (so that
 * all reads of one open see one consistent rendering). Numbered downwards from -1 so that they never meet the tree's
 * handles, which count up from 1 ({@code fuse_file_info.fh} carries either as 64 bits). Thread-safe.
 */
final class GeneratedHandles {
    private final AtomicLong next = new AtomicLong(-1);
    private final Map<Long, byte[]> open = new ConcurrentHashMap<>();

    /** Registers an open of content rendered now; returns its handle. */
    long open(byte[] content) {
        long handle = next.getAndDecrement();
        open.put(handle, content);
        return handle;
    }

    /** Whether {@code handle} is one of these (open or already released); the tree's handles are positive. */
    static boolean owns(long handle) {
        return handle < 0;
    }

    /**
     * Copies up to {@code size} bytes at {@code offset} of the handle's content into {@code destination}.
     *
     * @return bytes copied, 0 at or beyond the end
     * @throws NamespaceException EBADF when the handle is not open, EINVAL for a negative offset or size
     */
    int read(long handle, ByteBuffer destination, long offset, int size) {
        byte[] content = open.get(handle);
        if (content == null) {
            throw new NamespaceException(Errno.EBADF, "no open handle " + handle);
        }
        if (offset < 0 || size < 0) {
            throw new NamespaceException(Errno.EINVAL, "read at " + offset + " of " + size + " bytes");
        }
        if (offset >= content.length) {
            return 0;
        }
        int count = (int) Math.min(size, content.length - offset);
        destination.put(content, (int) offset, count);
        return count;
    }

    /** Forgets the handle (its last close); EBADF when it is not open. */
    void release(long handle) {
        if (open.remove(handle) == null) {
            throw new NamespaceException(Errno.EBADF, "no open handle " + handle);
        }
    }

    /** EBADF unless the handle is open. */
    void check(long handle) {
        if (!open.containsKey(handle)) {
            throw new NamespaceException(Errno.EBADF, "no open handle " + handle);
        }
    }
}
