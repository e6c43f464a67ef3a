package io.tapelib.controller.ltfs;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Test-only public view of the package-private {@link NamespaceTree}, for the benchmark in {@code ltfs.bench}. */
public final class TreeBenchAccess implements AutoCloseable {

    private final NamespaceTree tree;

    private TreeBenchAccess(NamespaceTree tree) {
        this.tree = tree;
    }

    /** @param workDir where the tree file goes; null keeps the tree in the heap */
    public static TreeBenchAccess open(Path workDir, String volumeTag, IndexEntry root) {
        return new TreeBenchAccess(workDir == null ? NamespaceTree.inMemory(root)
                : NamespaceTree.onDisk(workDir, volumeTag, root));
    }

    public void put(IndexEntry entry) {
        tree.put(entry);
    }

    public Optional<IndexEntry> get(String path) {
        return tree.get(path);
    }

    public List<IndexEntry> removeSubtree(String path) {
        return tree.removeSubtree(path);
    }

    public long delete(String path) {
        return tree.delete(path);
    }

    public void move(String source, IndexEntry moved) {
        tree.move(source, moved);
    }

    public Stream<IndexEntry> entries() {
        return tree.entries();
    }

    public int size() {
        return tree.size();
    }

    @Override
    public void close() {
        tree.close();
    }
}
