package io.tapelib.controller.ltfs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The directory tree of a mounted volume, in memory: entries by path, and each directory's children ordered by
 * fileuid (the order in which the reference implementation writes them).
 */
final class NamespaceTree {

    private record ChildKey(long fileUid, String name) {
    }

    private static final Comparator<ChildKey> ORDER =
            Comparator.comparingLong(ChildKey::fileUid).thenComparing(ChildKey::name);

    private final Map<String, IndexEntry> byPath = new HashMap<>();
    private final Map<String, TreeMap<ChildKey, String>> children = new HashMap<>();
    private long highestFileUid;

    NamespaceTree(IndexEntry root) {
        byPath.put("", root);
        children.put("", new TreeMap<>(ORDER));
        highestFileUid = root.fileUid();
    }

    IndexEntry root() {
        return byPath.get("");
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

    int size() {
        return byPath.size();
    }

    Optional<IndexEntry> get(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /**
     * Adds or replaces an entry. Replacing a directory by a non-directory is the caller's to refuse.
     *
     * @throws IllegalStateException when the parent directory is missing
     */
    void put(IndexEntry entry) {
        if (entry.path().isEmpty()) {
            byPath.put("", entry);
            raiseHighestFileUid(entry.fileUid());
            return;
        }
        TreeMap<ChildKey, String> siblings = children.get(entry.parentPath());
        if (siblings == null) {
            throw new IllegalStateException("parent directory of '" + entry.path() + "' is missing");
        }
        IndexEntry previous = byPath.put(entry.path(), entry);
        if (previous != null) {
            siblings.remove(new ChildKey(previous.fileUid(), previous.name()));
        }
        siblings.put(new ChildKey(entry.fileUid(), entry.name()), entry.path());
        if (entry.kind() == EntryKind.DIRECTORY) {
            children.computeIfAbsent(entry.path(), p -> new TreeMap<>(ORDER));
        }
        raiseHighestFileUid(entry.fileUid());
    }

    /** Removes an entry and everything below it; returns what was removed, parents first. */
    List<IndexEntry> removeSubtree(String path) {
        List<IndexEntry> removed = subtree(path);
        IndexEntry top = byPath.get(path);
        if (top == null) {
            return removed;
        }
        children.get(top.parentPath()).remove(new ChildKey(top.fileUid(), top.name()));
        for (IndexEntry entry : removed) {
            byPath.remove(entry.path());
            children.remove(entry.path());
        }
        return removed;
    }

    boolean hasChildren(String directoryPath) {
        TreeMap<ChildKey, String> kids = children.get(directoryPath);
        return kids != null && !kids.isEmpty();
    }

    /** The entry at path and everything below it, depth first, parents before children. */
    List<IndexEntry> subtree(String path) {
        List<IndexEntry> result = new ArrayList<>();
        IndexEntry top = byPath.get(path);
        if (top != null) {
            result.add(top);
            depthFirst(path).forEachRemaining(result::add);
        }
        return result;
    }

    /** Every entry below the root, depth first: each directory directly followed by its contents. */
    Stream<IndexEntry> entries() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(depthFirst(""),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private Iterator<IndexEntry> depthFirst(String start) {
        Deque<Iterator<String>> stack = new ArrayDeque<>();
        stack.push(childrenOf(start));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                while (!stack.isEmpty() && !stack.peek().hasNext()) {
                    stack.pop();
                }
                return !stack.isEmpty();
            }

            @Override
            public IndexEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                IndexEntry entry = byPath.get(stack.peek().next());
                if (entry.kind() == EntryKind.DIRECTORY) {
                    stack.push(childrenOf(entry.path()));
                }
                return entry;
            }
        };
    }

    private Iterator<String> childrenOf(String path) {
        TreeMap<ChildKey, String> kids = children.get(path);
        return kids == null ? List.<String>of().iterator() : new ArrayList<>(kids.values()).iterator();
    }
}
