package io.tapelib.gateway.fs;

import io.tapelib.gateway.catalog.XattrNames;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * The extended-attribute callbacks of {@link TapeLibraryFuse} (getxattr(2), listxattr(2), setxattr(2),
 * removexattr(2)): the kernel's side of the protocol (a size of 0 asks for the length, a buffer too small is ERANGE,
 * names go as a NUL-separated list, XATTR_CREATE / XATTR_REPLACE arrive as flag bits) over the {@link Namespace}'s
 * calls. Each method returns what the callback answers: a byte count or 0, or a negated errno; a
 * {@link NamespaceException} propagates to the callback, which translates it.
 */
final class FuseXattrs {
    /** setxattr(2) flags (include/uapi/linux/xattr.h). */
    private static final int XATTR_CREATE = 1;
    private static final int XATTR_REPLACE = 2;

    private final Namespace namespace;

    FuseXattrs(Namespace namespace) {
        this.namespace = namespace;
    }

    /**
     * getxattr(2): the value's bytes into {@code value}, {@code size} bytes long. A name outside {@code user.} is
     * ENODATA at once, without the namespace: the kernel asks for {@code security.capability} before every write to
     * a file (to drop file capabilities), and no entry ever has such a name. The mount keeps only {@code user.*}
     * names (setxattr(2) of another is ENOTSUP), a tape's index names all show in {@code user.} (LTFS Format
     * Specification 2.4, section 7.7), and {@code /.tapelib} has none; the kernel sends getxattr only for an entry it
     * looked up, so "no such attribute" is the answer the namespace would give.
     */
    int get(String path, String name, Pointer value, long size) {
        if (!XattrNames.isInUserNamespace(name)) {
            return -Errno.ENODATA.value();
        }
        return copyOut(namespace.getxattr(path, name), value, size);
    }

    /** listxattr(2): the names, each followed by a NUL byte, into {@code list}, {@code size} bytes long. */
    int list(String path, Pointer list, long size) {
        StringBuilder names = new StringBuilder();
        for (String name : namespace.listxattr(path)) {
            names.append(name).append('\0');
        }
        return copyOut(names.toString().getBytes(StandardCharsets.UTF_8), list, size);
    }

    /** setxattr(2): {@code size} bytes of {@code value}; E2BIG for a value no Java array holds. */
    int set(String path, String name, Pointer value, long size, int flags) {
        if (size > Integer.MAX_VALUE) {
            return -Errno.E2BIG.value();
        }
        byte[] bytes = new byte[(int) size];
        if (size > 0) {
            value.get(0, bytes, 0, bytes.length);
        }
        namespace.setxattr(path, name, bytes, (flags & XATTR_CREATE) != 0, (flags & XATTR_REPLACE) != 0);
        return 0;
    }

    /** removexattr(2). */
    int remove(String path, String name) {
        namespace.removexattr(path, name);
        return 0;
    }

    /** The getxattr(2)/listxattr(2) size protocol: size 0 asks for the length, a buffer too small is ERANGE. */
    private static int copyOut(byte[] bytes, Pointer destination, long size) {
        if (size == 0) {
            return bytes.length;
        }
        if (size < bytes.length) {
            return -Errno.ERANGE.value();
        }
        destination.put(0, bytes, 0, bytes.length);
        return bytes.length;
    }
}
