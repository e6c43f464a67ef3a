package io.tapelib.controller.ltfs;

import java.nio.charset.StandardCharsets;

/** Path rules of a volume: slash-separated, relative to the root, no empty, "." or ".." component, names of at most 255 bytes. */
final class LtfsPaths {

    /** Longest name in UTF-8 bytes (LTFS Format Specification 2.4, section 7.4: names follow the POSIX NAME_MAX of 255). */
    static final int MAX_NAME_BYTES = 255;

    private LtfsPaths() {
    }

    /**
     * Normalizes a caller's path: strips leading and trailing slashes, checks every component.
     *
     * @throws InvalidEntryException for an empty path (the root), an empty, "." or ".." component, a NUL character or a
     *                       component longer than 255 bytes
     */
    static String normalize(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            throw new InvalidEntryException("path '" + path + "' names the volume root, which cannot be written, moved or removed");
        }
        for (String component : trimmed.split("/", -1)) {
            checkName(path, component);
        }
        return trimmed;
    }

    static void checkName(String path, String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new InvalidEntryException("path '" + path + "' has an empty, '.' or '..' component");
        }
        if (name.indexOf('\0') >= 0) {
            throw new InvalidEntryException("path '" + path + "' contains a NUL character");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new InvalidEntryException("name '" + name + "' is " + bytes + " bytes long in UTF-8; LTFS allows at most "
                    + MAX_NAME_BYTES);
        }
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Parent path, {@code ""} for a top-level entry. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    /** Whether {@code path} is {@code ancestor} or lies below it. */
    static boolean isSelfOrBelow(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + "/");
    }
}
