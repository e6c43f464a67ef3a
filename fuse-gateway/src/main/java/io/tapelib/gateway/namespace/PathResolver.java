package io.tapelib.gateway.namespace;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Turns mount paths into catalog inodes, with the errno POSIX path resolution reports for each failure.
 *
 * <p>Directories on the way are looked up once and remembered by path ({@link DirectoryIds}): creating a file in
 * {@code /a/b/c} asks the catalog for {@code c}'s row only, not for the root, {@code a}, {@code b} and {@code c}
 * again at each of the lookup, create and getattr the kernel sends. The final component is always read from the
 * catalog, so attributes are never stale. Renames and removals of directories through the mount forget the
 * remembered ones ({@link #forgetDirectories}); a change behind the mount's back (a tape's index merged while
 * mounted) shows within {@link DirectoryIds#LIFETIME}, as the kernel's own entry cache (entry_timeout) shows it.
 */
final class PathResolver {
    private final Catalog catalog;
    private final int maxNameBytes;
    private final DirectoryIds directories = new DirectoryIds();

    /** @param maxNameBytes the longest name component, bytes (ENAMETOOLONG beyond it) */
    PathResolver(Catalog catalog, int maxNameBytes) {
        this.catalog = catalog;
        this.maxNameBytes = maxNameBytes;
    }

    /** A path's parent directory and last component. */
    record ParentAndName(long parentId, String name) {
    }

    /** Walks a path component by component: ENOENT, ENOTDIR or ENAMETOOLONG as POSIX path resolution reports. */
    Inode resolve(String path) {
        List<String> components = components(path);
        if (components.isEmpty()) {
            return root();
        }
        int last = components.size() - 1;
        String parentPath = path.substring(0, lastSlash(path));
        OptionalLong parent = directories.find(parentPath);
        if (parent.isPresent()) {
            String name = components.get(last);
            Inode remembered = rememberedDirectory(parentPath + "/" + name, parent.getAsLong(), name);
            if (remembered != null) {
                return remembered;
            }
            return catalog.lookup(parent.getAsLong(), name)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no such file or directory: " + path));
        }
        long generation = directories.generation();
        Inode current = root();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (!current.isDirectory()) {
                throw new NamespaceException(Errno.ENOTDIR, "not a directory on the way to " + path);
            }
            String component = components.get(i);
            current = catalog.lookup(current.id(), component)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no such file or directory: " + path));
            prefix.append('/').append(component);
            if (i < last && current.isDirectory()) {
                directories.remember(prefix.toString(), current.id(), generation);
            }
        }
        return current;
    }

    /**
     * The row of a directory remembered at {@code path} (the kernel asks for a directory's attributes after each
     * file created in it): by its id, whose row the catalog keeps ({@code catalog.DirectoryRows}), so the attributes
     * are the catalog's as a lookup by name gives them; null when none is remembered, or the row no longer has that
     * parent and name.
     */
    private Inode rememberedDirectory(String path, long parent, String name) {
        OptionalLong remembered = directories.find(path);
        if (remembered.isEmpty()) {
            return null;
        }
        return catalog.get(remembered.getAsLong())
                .filter(row -> row.isDirectory() && row.parent() == parent && row.name().equals(name))
                .orElse(null);
    }

    /**
     * Forgets every remembered directory: after a directory was renamed or removed through the mount (the paths of
     * all below it changed), before the call returns to the kernel.
     */
    void forgetDirectories() {
        directories.forgetAll();
    }

    private Inode root() {
        return catalog.get(Catalog.ROOT_ID)
                .orElseThrow(() -> new NamespaceException(Errno.EIO, "catalog has no root directory"));
    }

    /** Index of the slash before the last component, trailing slashes ignored ("/a/b/" gives 2). */
    private static int lastSlash(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.lastIndexOf('/', end - 1);
    }

    /** The parent directory (resolved) and last name of a path to be created, removed or renamed. */
    ParentAndName parentAndName(String path) {
        List<String> components = components(path);
        if (components.isEmpty()) {
            throw new NamespaceException(Errno.EEXIST, "the root directory exists");
        }
        String name = components.get(components.size() - 1);
        String parentPath = components.size() == 1 ? ""
                : "/" + String.join("/", components.subList(0, components.size() - 1));
        OptionalLong known = directories.find(parentPath);
        if (known.isPresent()) {
            return new ParentAndName(known.getAsLong(), name);
        }
        long generation = directories.generation();
        Inode parent = resolve(parentPath);
        if (!parent.isDirectory()) {
            throw new NamespaceException(Errno.ENOTDIR, "not a directory: parent of " + path);
        }
        directories.remember(parentPath, parent.id(), generation);
        return new ParentAndName(parent.id(), name);
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
