package io.tapelib.controller.ltfs;

import java.nio.file.Path;

/**
 * Builds a mounted volume's {@link NamespaceTree} as an index is parsed, and notes per partition how far the index's
 * extents reach so that data no index names can be told apart (LTFS Format Specification 2.4, "Consistency").
 */
final class TreeBuilder implements IndexVisitor {
    private final String source;
    private final int blockSize;
    private final Path workDir;
    private final String volumeTag;
    /** Per partition, the block after the last block an extent names: unindexed data starts no earlier. */
    private final long[] referencedEnd = new long[2];
    private NamespaceTree tree;

    /**
     * @param source    where the index lies, for error messages (volume tag, partition, block)
     * @param blockSize logical block size, bytes
     * @param workDir   where the tree's file goes; null keeps the tree in the heap
     */
    TreeBuilder(String source, int blockSize, Path workDir, String volumeTag) {
        this.source = source;
        this.blockSize = blockSize;
        this.workDir = workDir;
        this.volumeTag = volumeTag;
    }

    /** A tree holding only {@code root}: in a file under {@code workDir}, or in the heap when that is null. */
    static NamespaceTree newTree(Path workDir, String volumeTag, IndexEntry root) {
        return workDir == null ? NamespaceTree.inMemory(root) : NamespaceTree.onDisk(workDir, volumeTag, root);
    }

    /** The tree built; null before the root entry was parsed. */
    NamespaceTree tree() {
        return tree;
    }

    /** The block after the last block of {@code partition} (0 or 1) an extent names; 0 when none does. */
    long referencedEnd(int partition) {
        return referencedEnd[partition];
    }

    /** Releases the on-disk tree of a parse that failed or was not chosen. */
    void closeTree() {
        if (tree != null) {
            tree.close();
        }
    }

    @Override
    public void header(IndexHeader header) {
    }

    /** @throws MalformedIndexException two entries of the index have the same path */
    @Override
    public void entry(IndexEntry entry) {
        if (entry.path().isEmpty()) {
            tree = newTree(workDir, volumeTag, entry);
            return;
        }
        for (Extent extent : entry.extents()) {
            if (extent.byteCount() > 0 && extent.partition() >= 0 && extent.partition() < referencedEnd.length) {
                long blocks = (extent.byteOffset() + extent.byteCount() + blockSize - 1) / blockSize;
                referencedEnd[extent.partition()] = Math.max(referencedEnd[extent.partition()],
                        extent.startBlock() + blocks);
            }
        }
        if (!tree.putIfAbsent(entry)) {
            throw new MalformedIndexException(source, "two entries named '" + entry.path() + "'");
        }
    }
}
