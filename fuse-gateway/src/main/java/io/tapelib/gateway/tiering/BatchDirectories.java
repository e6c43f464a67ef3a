package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.FileKind;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The directories a Migrate batch names: its own new directories and every ancestor directory of its entries
 * (the root excepted: it rides in the header, {@link HeaderChanges}), each sent as a DIRECTORY entry with the
 * directory's own catalog metadata before the batch's files, parents first, so that the controller never invents
 * a directory's mode, owner or times (the tape shows what the mount shows).
 */
final class BatchDirectories {
    private final Catalog catalog;
    /** Catalog path to directory, sorted: a parent's path sorts before its children's. */
    private final Map<String, Inode> byPath = new TreeMap<>();

    BatchDirectories(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Adds {@code inode}'s ancestors (not the root), and {@code inode} itself when it is a directory. */
    void addFor(Inode inode, String path) {
        if (inode.kind() == FileKind.DIRECTORY) {
            byPath.put(path, inode);
        }
        long parent = inode.parent();
        String parentPath = path.substring(0, Math.max(path.lastIndexOf('/'), 0));
        while (parent != Catalog.ROOT_ID && parent != 0 && !byPath.containsKey(parentPath)) {
            Optional<Inode> directory = catalog.get(parent);
            if (directory.isEmpty()) {
                return;
            }
            byPath.put(parentPath, directory.get());
            parent = directory.get().parent();
            parentPath = parentPath.substring(0, Math.max(parentPath.lastIndexOf('/'), 0));
        }
    }

    /** The directories by catalog path, parents first. */
    Map<String, Inode> inOrder() {
        return byPath;
    }
}
