package io.tapelib.controller.ltfs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * A pre-order walk of the on-disk tree's child map ({@link NamespaceTree}) below one directory node: each directory
 * directly followed by its contents, a directory's children in {@link ChildKeys} order (by fileuid). The heap holds
 * one cursor over a key range per directory on the current path, never the entries. The cursors read the map as it
 * was when each was opened: the walk's caller must not change the child map before the walk ends.
 */
final class SubtreeWalk implements Iterator<SubtreeWalk.Visit> {

    /**
     * One entry met by a walk, decoded only when asked.
     *
     * @param path  the entry's path, without a leading slash
     * @param key   its key in the child map
     * @param value its value in the child map ({@link NodeValues}: node number, then the {@link EntryCodec} bytes)
     */
    record Visit(String path, byte[] key, byte[] value) {
        IndexEntry entry() {
            return EntryCodec.decode(path, value, Long.BYTES);
        }
    }

    private record Level(String path, Cursor<byte[], byte[]> cursor) {
    }

    private final MVMap<byte[], byte[]> children;
    private final Deque<Level> stack = new ArrayDeque<>();

    /**
     * @param node the directory's node number
     * @param path the directory's path ("" for the root)
     */
    SubtreeWalk(MVMap<byte[], byte[]> children, long node, String path) {
        this.children = children;
        descend(node, path);
    }

    private void descend(long node, String path) {
        // the upper bound is inclusive; the bare 8-byte prefix of the next node sorts before all of its keys
        stack.push(new Level(path, children.cursor(ChildKeys.prefix(node), ChildKeys.prefix(node + 1), false)));
    }

    @Override
    public boolean hasNext() {
        while (!stack.isEmpty() && !stack.peek().cursor().hasNext()) {
            stack.pop();
        }
        return !stack.isEmpty();
    }

    @Override
    public Visit next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Level level = stack.peek();
        byte[] key = level.cursor().next();
        byte[] value = level.cursor().getValue();
        String name = ChildKeys.name(key);
        String path = level.path().isEmpty() ? name : level.path() + "/" + name;
        long node = NodeValues.nodeOf(value);
        if (node != NodeValues.NO_NODE) {
            descend(node, path);
        }
        return new Visit(path, key, value);
    }
}
