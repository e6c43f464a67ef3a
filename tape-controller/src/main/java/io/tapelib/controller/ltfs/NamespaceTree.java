package io.tapelib.controller.ltfs;

import static io.tapelib.controller.ltfs.NodeValues.NO_NODE;
import static io.tapelib.controller.ltfs.NodeValues.ROOT_NODE;
import static io.tapelib.controller.ltfs.NodeValues.nodeOf;
import static io.tapelib.controller.ltfs.NodeValues.withNode;
import static io.tapelib.controller.ltfs.NodeValues.withoutNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The directory tree of a mounted volume: entries by path, and each directory's children ordered by fileuid (the
 * order in which the reference implementation writes them). A tape may hold millions of files (issue 4), so the
 * entries live in an H2 MVStore file under the controller's work directory ({@link TreeStoreFiles}); the heap holds
 * the root entry, a few counters, the store's page cache ({@value #CACHE_MIB} MiB) and at most
 * {@value #WRITE_BUFFER_KIB} KiB of changes not yet written to the file.
 *
 * <p>Two maps: {@code children} from {@link ChildKeys} (parent directory's node number, fileuid, name) to the node
 * number of a directory (8 bytes, -1 for other kinds) followed by the {@link EntryCodec} bytes, and {@code paths}
 * from a path to the same node number followed by its child key. Node numbers are this tree's own (the root is 0):
 * fileuids are not trusted to be unique in indexes written by other software ({@link NodeValues}). Walks
 * of a subtree are {@link SubtreeWalk}'s.
 *
 * <p>Not thread-safe, like the volume it belongs to. {@link #close()} deletes the file.
 */
final class NamespaceTree implements AutoCloseable {

    /** The store's page cache, MiB. */
    private static final int CACHE_MIB = 8;
    /** Changes kept in the heap before the store writes them to its file (on the writing thread), KiB. */
    private static final int WRITE_BUFFER_KIB = 4096;

    private final Path file;
    private final MVStore store;
    private final MVMap<byte[], byte[]> children;
    private final MVMap<String, byte[]> paths;
    private IndexEntry root;
    private long highestFileUid;
    private long lastNode = ROOT_NODE;
    private int size = 1;

    private NamespaceTree(Path file, MVStore store, IndexEntry root) {
        this.file = file;
        this.store = store;
        this.children = store.openMap("children", new MVMap.Builder<byte[], byte[]>()
                .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        this.paths = store.openMap("paths", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        this.root = root;
        this.highestFileUid = root.fileUid();
    }

    /**
     * A tree in a new file under {@code workDir} (see {@link TreeStoreFiles}); the file is deleted by {@link #close()}.
     *
     * @throws UncheckedIOException the file cannot be created
     */
    static NamespaceTree onDisk(Path workDir, String volumeTag, IndexEntry root) {
        Path file = TreeStoreFiles.create(workDir, volumeTag);
        try {
            MVStore store = new MVStore.Builder()
                    .fileName(file.toString())
                    .cacheSize(CACHE_MIB)
                    .autoCommitBufferSize(WRITE_BUFFER_KIB)
                    // no background thread: the writing thread stores full buffers itself, nothing needs to be
                    // durable (the tree is rebuilt from tape after a crash)
                    .autoCommitDisabled()
                    .open();
            return new NamespaceTree(file, store, root);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** A tree kept entirely in the heap: for small volumes (tests, tools), never for a library's tapes. */
    static NamespaceTree inMemory(IndexEntry root) {
        return new NamespaceTree(null, new MVStore.Builder().open(), root);
    }

    IndexEntry root() {
        return root;
    }

    long highestFileUid() {
        return highestFileUid;
    }

    void raiseHighestFileUid(long fileUid) {
        highestFileUid = Math.max(highestFileUid, fileUid);
    }

    long nextFileUid() {
        return ++highestFileUid;
    }

    /** Number of entries, the root included. */
    int size() {
        return size;
    }

    Optional<IndexEntry> get(String path) {
        if (path.isEmpty()) {
            return Optional.of(root);
        }
        byte[] located = paths.get(path);
        if (located == null) {
            return Optional.empty();
        }
        return Optional.of(EntryCodec.decode(path, children.get(withoutNode(located)), Long.BYTES));
    }

    /** Whether an entry is at the path, without reading the entry itself. */
    boolean contains(String path) {
        return path.isEmpty() || paths.containsKey(path);
    }

    /**
     * Adds or replaces an entry. Replacing a directory by a non-directory is the caller's to refuse; a directory
     * replaced by a directory keeps its contents.
     *
     * @throws IllegalStateException when the parent directory is missing
     */
    void put(IndexEntry entry) {
        raiseHighestFileUid(entry.fileUid());
        if (entry.path().isEmpty()) {
            root = entry;
            return;
        }
        long parentNode = directoryNode(entry.parentPath());
        if (parentNode == NO_NODE) {
            throw new IllegalStateException("parent directory of '" + entry.path() + "' is missing");
        }
        byte[] previous = paths.get(entry.path());
        long node = NO_NODE;
        if (previous != null) {
            children.remove(withoutNode(previous));
            node = nodeOf(previous);
        } else {
            size++;
        }
        if (entry.kind() != EntryKind.DIRECTORY) {
            node = NO_NODE;
        } else if (node == NO_NODE) {
            node = ++lastNode;
        }
        byte[] key = ChildKeys.of(parentNode, entry.fileUid(), entry.name());
        children.put(key, withNode(node, EntryCodec.encode(entry)));
        paths.put(entry.path(), withNode(node, key));
    }

    /**
     * Adds an entry unless one is at its path already (then nothing changes): one lookup of the path instead of the
     * two of {@link #contains} and {@link #put}, for the parse of an index, which adds each of its entries once.
     *
     * @return false when an entry was at the path
     * @throws IllegalStateException when the parent directory is missing
     * @throws IllegalArgumentException for the root
     */
    boolean putIfAbsent(IndexEntry entry) {
        if (entry.path().isEmpty()) {
            throw new IllegalArgumentException("the root directory is always present");
        }
        long parentNode = directoryNode(entry.parentPath());
        if (parentNode == NO_NODE) {
            throw new IllegalStateException("parent directory of '" + entry.path() + "' is missing");
        }
        long node = entry.kind() == EntryKind.DIRECTORY ? lastNode + 1 : NO_NODE;
        byte[] key = ChildKeys.of(parentNode, entry.fileUid(), entry.name());
        if (paths.putIfAbsent(entry.path(), withNode(node, key)) != null) {
            return false;
        }
        if (node != NO_NODE) {
            lastNode = node;
        }
        size++;
        raiseHighestFileUid(entry.fileUid());
        children.put(key, withNode(node, EntryCodec.encode(entry)));
        return true;
    }

    /**
     * Removes an entry and everything below it.
     *
     * @return what was removed, parents first (depth first, children by fileuid); empty when nothing is at the path
     * @throws IllegalArgumentException for the root
     */
    List<IndexEntry> removeSubtree(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the root directory cannot be removed");
        }
        byte[] top = paths.get(path);
        if (top == null) {
            return List.of();
        }
        List<IndexEntry> removed = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        byte[] topKey = withoutNode(top);
        removed.add(EntryCodec.decode(path, children.get(topKey), Long.BYTES));
        keys.add(topKey);
        if (nodeOf(top) != NO_NODE) {
            SubtreeWalk walk = new SubtreeWalk(children, nodeOf(top), path);
            while (walk.hasNext()) {
                SubtreeWalk.Visit visit = walk.next();
                removed.add(visit.entry());
                keys.add(visit.key());
            }
        }
        // removed only after the walk, whose cursors read the maps as they were when it began
        for (int i = 0; i < keys.size(); i++) {
            children.remove(keys.get(i));
            paths.remove(removed.get(i).path());
        }
        size -= removed.size();
        return removed;
    }

    /**
     * Removes an entry and everything below it, as {@link #removeSubtree} does, without handing the entries back: the
     * heap holds the directories still to empty, never the entries, so a directory of millions of files can go.
     *
     * @return how many entries were removed; 0 when nothing is at the path
     * @throws IllegalArgumentException for the root
     */
    long delete(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the root directory cannot be removed");
        }
        byte[] top = paths.remove(path);
        if (top == null) {
            return 0;
        }
        children.remove(withoutNode(top));
        long removed = 1;
        Deque<Map.Entry<Long, String>> directories = new ArrayDeque<>();
        if (nodeOf(top) != NO_NODE) {
            directories.push(Map.entry(nodeOf(top), path));
        }
        while (!directories.isEmpty()) {
            Map.Entry<Long, String> directory = directories.pop();
            long node = directory.getKey();
            // first key of the range each time, rather than a cursor held while the map changes under it
            for (byte[] key = children.ceilingKey(ChildKeys.prefix(node));
                 key != null && ChildKeys.parentNode(key) == node;
                 key = children.ceilingKey(ChildKeys.prefix(node))) {
                byte[] value = children.remove(key);
                String childPath = directory.getValue() + "/" + ChildKeys.name(key);
                paths.remove(childPath);
                removed++;
                if (nodeOf(value) != NO_NODE) {
                    directories.push(Map.entry(nodeOf(value), childPath));
                }
            }
        }
        size -= (int) removed;
        return removed;
    }

    /**
     * Moves an entry and everything below it (a rename): the entry at {@code source} becomes {@code moved} (its new
     * path, and whatever metadata the caller changed), the entries below keep theirs under the new path. Only the
     * path map is rewritten below the top, walking the store; the heap holds one cursor per directory level.
     *
     * @param moved the entry at its new path; of the same kind (directory or not) as the one at {@code source}
     * @throws IllegalStateException    nothing at {@code source}, an entry already at the new path, or the new
     *                                  parent directory missing
     * @throws IllegalArgumentException a directory moved into itself, a change of kind, or the root
     */
    void move(String source, IndexEntry moved) {
        String target = moved.path();
        if (source.isEmpty() || target.isEmpty() || LtfsPaths.isSelfOrBelow(target, source)) {
            throw new IllegalArgumentException("cannot move '" + source + "' to '" + target + "'");
        }
        byte[] located = paths.get(source);
        if (located == null) {
            throw new IllegalStateException("nothing at '" + source + "' to move");
        }
        long node = nodeOf(located);
        if ((node != NO_NODE) != (moved.kind() == EntryKind.DIRECTORY)) {
            throw new IllegalArgumentException("moving '" + source + "' to '" + target + "' would change its kind");
        }
        if (paths.containsKey(target)) {
            throw new IllegalStateException("'" + target + "' exists; remove it before moving '" + source + "' there");
        }
        long parentNode = directoryNode(moved.parentPath());
        if (parentNode == NO_NODE) {
            throw new IllegalStateException("parent directory of '" + target + "' is missing");
        }
        children.remove(withoutNode(located));
        paths.remove(source);
        byte[] key = ChildKeys.of(parentNode, moved.fileUid(), moved.name());
        children.put(key, withNode(node, EntryCodec.encode(moved)));
        paths.put(target, withNode(node, key));
        raiseHighestFileUid(moved.fileUid());
        if (node != NO_NODE) {
            // the walk reads the child map, which does not change: only paths are rewritten
            SubtreeWalk walk = new SubtreeWalk(children, node, target);
            while (walk.hasNext()) {
                SubtreeWalk.Visit visit = walk.next();
                paths.remove(source + visit.path().substring(target.length()));
                paths.put(visit.path(), withNode(nodeOf(visit.value()), visit.key()));
            }
        }
    }

    boolean hasChildren(String directoryPath) {
        long node = directoryNode(directoryPath);
        if (node == NO_NODE) {
            return false;
        }
        byte[] first = children.ceilingKey(ChildKeys.prefix(node));
        return first != null && ChildKeys.parentNode(first) == node;
    }

    /**
     * Every entry below the root, depth first: each directory directly followed by its contents, a directory's
     * children by fileuid. Read from the store as the stream is consumed; the tree must not change meanwhile.
     */
    Stream<IndexEntry> entries() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new SubtreeWalk(children, ROOT_NODE, ""),
                Spliterator.ORDERED | Spliterator.NONNULL), false).map(SubtreeWalk.Visit::entry);
    }

    /** Closes the store and deletes its file; later calls do nothing. */
    @Override
    public void close() {
        if (store.isClosed()) {
            return;
        }
        // nothing in the file is worth writing out: it is deleted
        store.closeImmediately();
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete tree file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The node number of the directory at a path; {@value NodeValues#NO_NODE} when there is none (or not a directory). */
    private long directoryNode(String path) {
        if (path.isEmpty()) {
            return ROOT_NODE;
        }
        byte[] located = paths.get(path);
        return located == null ? NO_NODE : nodeOf(located);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the start-up clean-up of the work directory removes it
        }
    }
}
