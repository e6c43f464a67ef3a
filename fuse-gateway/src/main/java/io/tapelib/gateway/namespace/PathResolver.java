package io.tapelib.gateway.namespace;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns mount paths into catalog inodes, with the errno POSIX path resolution reports for each failure. */
final class PathResolver {
    private final Catalog catalog;
    private final int maxNameBytes;

    /** @param maxNameBytes the longest name component, bytes (ENAMETOOLONG beyond it) */
    PathResolver(Catalog catalog, int maxNameBytes) {
        this.catalog = catalog;
        this.maxNameBytes = maxNameBytes;
    }

    /** A path's parent directory and last component. */
    record ParentAndName(Inode parent, String name) {
    }

    /** Walks a path component by component: ENOENT, ENOTDIR or ENAMETOOLONG as POSIX path resolution reports. */
    Inode resolve(String path) {
        Inode current = catalog.get(Catalog.ROOT_ID)
                .orElseThrow(() -> new NamespaceException(Errno.EIO, "catalog has no root directory"));
        for (String component : components(path)) {
            if (!current.isDirectory()) {
                throw new NamespaceException(Errno.ENOTDIR, "not a directory on the way to " + path);
            }
            current = catalog.lookup(current.id(), component)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no such file or directory: " + path));
        }
        return current;
    }

    /** The parent directory (resolved) and last name of a path to be created, removed or renamed. */
    ParentAndName parentAndName(String path) {
        List<String> components = components(path);
        if (components.isEmpty()) {
            throw new NamespaceException(Errno.EEXIST, "the root directory exists");
        }
        String name = components.get(components.size() - 1);
        Inode parent = resolve("/" + String.join("/", components.subList(0, components.size() - 1)));
        if (!parent.isDirectory()) {
            throw new NamespaceException(Errno.ENOTDIR, "not a directory: parent of " + path);
        }
        return new ParentAndName(parent, name);
    }

    /** True when the path names the root directory. */
    boolean isRoot(String path) {
        return components(path).isEmpty();
    }

    /** The non-empty components of a path, each checked against the name length limit. */
    private List<String> components(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new NamespaceException(Errno.EINVAL, "not an absolute path: " + path);
        }
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            if (component.getBytes(StandardCharsets.UTF_8).length > maxNameBytes) {
                throw new NamespaceException(Errno.ENAMETOOLONG, "name longer than " + maxNameBytes
                        + " bytes in " + path.substring(0, Math.min(path.length(), 80)) + "...");
            }
            components.add(component);
        }
        return components;
    }

    /** EISDIR for a directory, EINVAL for anything else that is not a regular file. */
    static void requireFile(Inode inode, String path) {
        if (inode.isDirectory()) {
            throw new NamespaceException(Errno.EISDIR, "is a directory: " + path);
        }
        if (inode.kind() != FileKind.FILE) {
            throw new NamespaceException(Errno.EINVAL, "not a regular file: " + path);
        }
    }
}
