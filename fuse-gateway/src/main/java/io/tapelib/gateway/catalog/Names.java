package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.charset.StandardCharsets;

/** Rules for one path component: POSIX NAME_MAX (255 bytes) as LTFS and Linux filesystems apply it. */
public final class Names {
    /** Longest name, in UTF-8 bytes (LTFS Format Specification 2.4, section 7.5; Linux NAME_MAX). */
    public static final int MAX_NAME_BYTES = 255;

    private Names() {
    }

    /** Why {@code name} is not a valid directory entry name, or null when it is. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "empty name";
        }
        if (name.equals(".") || name.equals("..")) {
            return "name '" + name + "' is reserved";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            return "name contains '/' or NUL";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "name longer than " + MAX_NAME_BYTES + " bytes";
        }
        return null;
    }

    /**
     * @throws NamespaceException ENAMETOOLONG for a name over 255 UTF-8 bytes, EINVAL for an empty, "." or ".."
     *                            name or one containing '/' or NUL
     */
    public static void check(String name) {
        String problem = problem(name);
        if (problem == null) {
            return;
        }
        Errno errno = name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES ? Errno.ENAMETOOLONG : Errno.EINVAL;
        throw new NamespaceException(errno, problem + ": " + abbreviate(name));
    }

    private static String abbreviate(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }
}
