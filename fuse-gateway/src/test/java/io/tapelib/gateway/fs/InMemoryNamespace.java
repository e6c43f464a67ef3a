package io.tapelib.gateway.fs;

import io.tapelib.gateway.namespace.DirectoryEntry;
import io.tapelib.gateway.namespace.FileAttributes;
import io.tapelib.gateway.namespace.FilesystemStats;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.namespace.TimeChange;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small in-memory {@link Namespace} that drives the FUSE translation layer in tests until the
 * catalog-backed namespace can be used here. Follows the contract's errno rules; one lock for all.
 * Files report {@code user.tapelib.state = cached}.
 */
final class InMemoryNamespace implements Namespace {

    static final long TOTAL_BYTES = 1_500_000_000_000L;
    static final String POISONED_NAME = "poisoned";

    private final Map<Long, Node> handles = new HashMap<>();
    private final Node root;
    private long nextInode = 1;
    private long nextHandle = 1;

    InMemoryNamespace() {
        root = new Node(nextInode++, FileKind.DIRECTORY, 0755, 0, 0);
    }

    private static final class Node {
        final long inode;
        final FileKind kind;
        int mode;
        int uid;
        int gid;
        Instant atime;
        Instant mtime;
        Instant ctime;
        byte[] content = new byte[0];
        long size;
        String target;
        final TreeMap<String, Node> children = new TreeMap<>();
        /** The directories among {@link #children}, for the link count without a walk of them all. */
        int subdirectories;

        Node(long inode, FileKind kind, int mode, int uid, int gid) {
            this.inode = inode;
            this.kind = kind;
            this.mode = mode;
            this.uid = uid;
            this.gid = gid;
            this.atime = this.mtime = this.ctime = Instant.now();
        }

        FileAttributes attributes() {
            long nlink = kind == FileKind.DIRECTORY ? 2 + subdirectories : 1;
            return new FileAttributes(inode, kind, mode, uid, gid, size, nlink, atime, mtime, ctime);
        }
    }

    @Override
    public synchronized FileAttributes getattr(String path) {
        return lookup(path).attributes();
    }

    @Override
    public synchronized List<DirectoryEntry> readdir(String path) {
        Node directory = directory(path);
        List<DirectoryEntry> entries = new ArrayList<>();
        directory.children.forEach((name, node) -> entries.add(new DirectoryEntry(name, node.attributes())));
        return entries;
    }

    @Override
    public synchronized String readlink(String path) {
        Node node = lookup(path);
        if (node.kind != FileKind.SYMLINK) {
            throw new NamespaceException(Errno.EINVAL, path + " is not a symlink");
        }
        return node.target;
    }

    @Override
    public synchronized FilesystemStats statfs() {
        long used = countBytes(root);
        return new FilesystemStats(TOTAL_BYTES, TOTAL_BYTES - used, nextInode - 1, 255);
    }

    @Override
    public synchronized byte[] getxattr(String path, String name) {
        Node node = lookup(path);
        if (node.kind == FileKind.FILE && name.equals("user.tapelib.state")) {
            return "cached".getBytes(StandardCharsets.UTF_8);
        }
        throw new NamespaceException(Errno.ENODATA, path + " has no attribute " + name);
    }

    @Override
    public synchronized List<String> listxattr(String path) {
        return lookup(path).kind == FileKind.FILE ? List.of("user.tapelib.state") : List.of();
    }

    @Override
    public synchronized long open(String path, boolean write, boolean truncate) {
        Node node = lookup(path);
        if (node.kind == FileKind.DIRECTORY) {
            throw new NamespaceException(Errno.EISDIR, path);
        }
        if (truncate) {
            resize(node, 0);
        }
        handles.put(nextHandle, node);
        return nextHandle++;
    }

    @Override
    public synchronized long create(String path, int mode, int uid, int gid) {
        Node node = add(path, new Node(nextInode++, FileKind.FILE, mode, uid, gid));
        handles.put(nextHandle, node);
        return nextHandle++;
    }

    @Override
    public synchronized int read(long handle, ByteBuffer destination, long offset, int size) {
        Node node = handle(handle);
        if (offset >= node.size) {
            return 0;
        }
        int count = (int) Math.min(size, node.size - offset);
        destination.put(node.content, (int) offset, count);
        return count;
    }

    @Override
    public synchronized int write(long handle, ByteBuffer source, long offset, int size) {
        Node node = handle(handle);
        if (offset + size > node.size) {
            resize(node, offset + size);
        }
        source.get(node.content, (int) offset, size);
        node.mtime = node.ctime = Instant.now();
        return size;
    }

    @Override
    public synchronized void flush(long handle) {
        handle(handle);
    }

    /** Its flush only checks the handle: nothing to record, sync or report, as for the tree's files at the mount. */
    @Override
    public synchronized boolean flushHasNothingToDo(long handle) {
        return handles.containsKey(handle);
    }

    @Override
    public synchronized void release(long handle) {
        if (handles.remove(handle) == null) {
            throw new NamespaceException(Errno.EBADF, "no handle " + handle);
        }
    }

    @Override
    public synchronized void truncate(String path, long size) {
        Node node = lookup(path);
        if (node.kind != FileKind.FILE) {
            throw new NamespaceException(Errno.EISDIR, path);
        }
        resize(node, size);
        node.mtime = node.ctime = Instant.now();
    }

    @Override
    public synchronized void mkdir(String path, int mode, int uid, int gid) {
        add(path, new Node(nextInode++, FileKind.DIRECTORY, mode, uid, gid));
    }

    @Override
    public synchronized void unlink(String path) {
        Node node = lookup(path);
        if (node.kind == FileKind.DIRECTORY) {
            throw new NamespaceException(Errno.EISDIR, path);
        }
        detach(parent(path), name(path));
    }

    @Override
    public synchronized void rmdir(String path) {
        Node node = directory(path);
        if (!node.children.isEmpty()) {
            throw new NamespaceException(Errno.ENOTEMPTY, path);
        }
        detach(parent(path), name(path));
    }

    @Override
    public synchronized void rename(String from, String to) {
        Node node = lookup(from);
        Node targetParent = parent(to);
        Node existing = targetParent.children.get(checkedName(to));
        if (existing != null && existing.kind == FileKind.DIRECTORY && !existing.children.isEmpty()) {
            throw new NamespaceException(Errno.ENOTEMPTY, to);
        }
        detach(parent(from), name(from));
        attach(targetParent, name(to), node);
        node.ctime = Instant.now();
    }

    @Override
    public synchronized void chmod(String path, int mode) {
        Node node = lookup(path);
        node.mode = mode;
        node.ctime = Instant.now();
    }

    @Override
    public synchronized void chown(String path, int uid, int gid) {
        Node node = lookup(path);
        node.uid = uid;
        node.gid = gid;
        node.ctime = Instant.now();
    }

    @Override
    public synchronized void utimens(String path, TimeChange atime, TimeChange mtime) {
        Node node = lookup(path);
        if (atime.omitted() && mtime.omitted()) {
            return;
        }
        Instant now = Instant.now();
        if (!atime.omitted()) {
            node.atime = atime.toNow() ? now : atime.instant();
        }
        if (!mtime.omitted()) {
            node.mtime = mtime.toNow() ? now : mtime.instant();
        }
        node.ctime = now;
    }

    @Override
    public synchronized void symlink(String target, String linkPath, int uid, int gid) {
        Node link = new Node(nextInode++, FileKind.SYMLINK, 0777, uid, gid);
        link.target = target;
        link.size = target.getBytes(StandardCharsets.UTF_8).length;
        add(linkPath, link);
    }

    private Node add(String path, Node node) {
        Node parent = parent(path);
        String name = checkedName(path);
        if (parent.children.containsKey(name)) {
            throw new NamespaceException(Errno.EEXIST, path);
        }
        attach(parent, name, node);
        parent.mtime = parent.ctime = Instant.now();
        return node;
    }

    /** Enters {@code node} as {@code name} of {@code parent}, over what had that name. */
    private static void attach(Node parent, String name, Node node) {
        Node replaced = parent.children.put(name, node);
        if (replaced != null && replaced.kind == FileKind.DIRECTORY) {
            parent.subdirectories--;
        }
        if (node.kind == FileKind.DIRECTORY) {
            parent.subdirectories++;
        }
    }

    private static void detach(Node parent, String name) {
        Node removed = parent.children.remove(name);
        if (removed != null && removed.kind == FileKind.DIRECTORY) {
            parent.subdirectories--;
        }
    }

    private Node lookup(String path) {
        if (path.equals("/")) {
            return root;
        }
        String name = checkedName(path);
        if (name.equals(POISONED_NAME)) {
            throw new IllegalStateException("a bug in the namespace, not an errno");
        }
        Node node = parent(path).children.get(name);
        if (node == null) {
            throw new NamespaceException(Errno.ENOENT, path);
        }
        return node;
    }

    private Node parent(String path) {
        int slash = path.lastIndexOf('/');
        Node parent = slash == 0 ? root : lookup(path.substring(0, slash));
        if (parent.kind != FileKind.DIRECTORY) {
            throw new NamespaceException(Errno.ENOTDIR, path);
        }
        return parent;
    }

    private Node directory(String path) {
        Node node = lookup(path);
        if (node.kind != FileKind.DIRECTORY) {
            throw new NamespaceException(Errno.ENOTDIR, path);
        }
        return node;
    }

    private Node handle(long handle) {
        Node node = handles.get(handle);
        if (node == null) {
            throw new NamespaceException(Errno.EBADF, "no handle " + handle);
        }
        return node;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String checkedName(String path) {
        String name = name(path);
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new NamespaceException(Errno.ENAMETOOLONG, "name over 255 bytes");
        }
        return name;
    }

    private static void resize(Node node, long size) {
        if (size > node.content.length) {
            node.content = Arrays.copyOf(node.content, (int) Math.max(size, node.content.length * 2L));
        } else if (size < node.size) {
            Arrays.fill(node.content, (int) size, (int) node.size, (byte) 0);
        }
        node.size = size;
    }

    private static long countBytes(Node node) {
        long total = node.kind == FileKind.FILE ? node.size : 0;
        for (Node child : node.children.values()) {
            total += countBytes(child);
        }
        return total;
    }
}
