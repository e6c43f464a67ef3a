package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk directory tree of a mounted volume: lookups, the order entries are written in, removal, clean-up. */
class NamespaceTreeTest {

    private static final Instant T = Instant.parse("2026-11-23T00:27:02.041956530Z");

    @TempDir
    Path workDir;

    private NamespaceTree tree;

    @AfterEach
    void close() {
        if (tree != null) {
            tree.close();
        }
    }

    private NamespaceTree newTree() {
        tree = NamespaceTree.onDisk(workDir, "TL0001L5", dir("", 1));
        return tree;
    }

    private static IndexEntry dir(String path, long fileUid) {
        return new IndexEntry(path, EntryKind.DIRECTORY, 0, 0755, 0, 0, T, T, T, T, null, List.of(), Map.of(),
                fileUid, false);
    }

    private static IndexEntry file(String path, long fileUid) {
        return new IndexEntry(path, EntryKind.FILE, 100, 0644, 1000, 1000, T, T, T, T, null,
                List.of(new Extent(1, 4 + fileUid, 0, 100, 0)), Map.of(), fileUid, false);
    }

    private static List<String> paths(Stream<IndexEntry> entries) {
        return entries.map(IndexEntry::path).toList();
    }

    private List<Path> treeFiles() throws IOException {
        Path trees = workDir.resolve("trees");
        if (!Files.isDirectory(trees)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(trees)) {
            return files.toList();
        }
    }

    @Test
    void entriesComeDepthFirstWithEachDirectorysChildrenByFileUid() {
        NamespaceTree tree = newTree();
        tree.put(dir("b", 9));
        tree.put(file("z", 3));
        tree.put(dir("a", 20));
        tree.put(file("b/late", 40));
        tree.put(file("b/early", 11));
        tree.put(dir("b/sub", 12));
        tree.put(file("b/sub/x", 50));
        tree.put(file("a/only", 21));
        tree.put(file("y", 5));

        assertThat(paths(tree.entries())).containsExactly(
                "z", "y", "b", "b/early", "b/sub", "b/sub/x", "b/late", "a", "a/only");
        assertThat(tree.size()).isEqualTo(10);
        assertThat(tree.highestFileUid()).isEqualTo(50);
        assertThat(tree.nextFileUid()).isEqualTo(51);
    }

    @Test
    void fileUidsBeyondTheSignedIntRangeAndRepeatedOnesKeepTheirOrder() {
        NamespaceTree tree = newTree();
        tree.put(file("big", 1L << 40));
        tree.put(file("small", 2));
        // an index written by other software may repeat a fileuid: both entries stay, by name
        tree.put(file("twin-b", 7));
        tree.put(file("twin-a", 7));

        assertThat(paths(tree.entries())).containsExactly("small", "twin-a", "twin-b", "big");
        assertThat(tree.get("twin-b")).map(IndexEntry::fileUid).contains(7L);
    }

    @Test
    void getReturnsEveryFieldThatWasPut() {
        NamespaceTree tree = newTree();
        String longValue = "v".repeat(70_000);
        IndexEntry full = new IndexEntry("d/ünïcödé name", EntryKind.FILE, 3L << 33, 0444, 1001, 1002,
                Instant.ofEpochSecond(-5, 7), T, Instant.EPOCH, Instant.ofEpochSecond(4_000_000_000L, 999_999_999), null,
                List.of(new Extent(1, 10, 512, 1L << 33, 0), new Extent(0, 7, 0, 1L << 33, 1L << 33)),
                XattrValue.texts(Map.of("ltfs.hash.sha256sum", "ab".repeat(32), "user.long", longValue)), 77, true);
        IndexEntry link = new IndexEntry("d/link", EntryKind.SYMLINK, 0, 0777, 0, 0, null, null, null, null,
                "../target with spaces", List.of(), Map.of(), 78, false);
        tree.put(dir("d", 2));
        tree.put(full);
        tree.put(link);

        assertThat(tree.get("d/ünïcödé name")).contains(full);
        assertThat(tree.get("d/link")).contains(link);
        assertThat(tree.get("d")).contains(dir("d", 2));
        assertThat(tree.get("")).contains(dir("", 1));
        assertThat(tree.get("d/missing")).isEmpty();
        assertThat(tree.contains("d/link")).isTrue();
        assertThat(tree.contains("d/missing")).isFalse();
        assertThat(tree.contains("")).isTrue();
        assertThat(tree.entries().toList()).containsExactly(dir("d", 2), full, link);
    }

    @Test
    void replacingAnEntryKeepsTheCountAndMovesItToItsNewFileUid() {
        NamespaceTree tree = newTree();
        tree.put(file("a", 5));
        tree.put(file("b", 6));
        IndexEntry rewritten = file("a", 7);

        tree.put(rewritten);

        assertThat(tree.size()).isEqualTo(3);
        assertThat(paths(tree.entries())).containsExactly("b", "a");
        assertThat(tree.get("a")).contains(rewritten);
    }

    @Test
    void aDirectoryReplacedByADirectoryKeepsItsContents() {
        NamespaceTree tree = newTree();
        tree.put(dir("d", 2));
        tree.put(file("d/f", 3));
        IndexEntry chmodded = new IndexEntry("d", EntryKind.DIRECTORY, 0, 0700, 5, 5, T, T, T, T, null, List.of(),
                Map.of(), 2, false);

        tree.put(chmodded);

        assertThat(tree.get("d")).contains(chmodded);
        assertThat(tree.hasChildren("d")).isTrue();
        assertThat(paths(tree.entries())).containsExactly("d", "d/f");
    }

    @Test
    void anEntryWhoseParentIsMissingOrNotADirectoryIsRefused() {
        NamespaceTree tree = newTree();
        tree.put(file("f", 2));

        assertThatThrownBy(() -> tree.put(file("nowhere/f", 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nowhere/f");
        assertThatThrownBy(() -> tree.put(file("f/below", 4)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("f/below");
        assertThat(tree.size()).isEqualTo(2);
    }

    @Test
    void hasChildrenOnlyForANonEmptyDirectory() {
        NamespaceTree tree = newTree();
        tree.put(dir("empty", 2));
        tree.put(dir("full", 3));
        tree.put(file("full/f", 4));
        tree.put(dir("later", 5));

        assertThat(tree.hasChildren("empty")).isFalse();
        assertThat(tree.hasChildren("full")).isTrue();
        assertThat(tree.hasChildren("full/f")).isFalse();
        assertThat(tree.hasChildren("missing")).isFalse();
        assertThat(tree.hasChildren("")).isTrue();
    }

    @Test
    void removingALargeSubtreeReturnsItParentsFirstAndLeavesTheRest() {
        NamespaceTree tree = newTree();
        tree.put(file("keep-before", 2));
        tree.put(dir("big", 3));
        List<String> expected = new ArrayList<>(List.of("big"));
        long uid = 10;
        for (int d = 0; d < 20; d++) {
            String sub = "big/d" + d;
            tree.put(dir(sub, uid++));
            expected.add(sub);
            for (int f = 0; f < 1000; f++) {
                tree.put(file(sub + "/f" + f, uid++));
                expected.add(sub + "/f" + f);
            }
        }
        tree.put(file("keep-after", uid));

        List<IndexEntry> removed = tree.removeSubtree("big");

        assertThat(removed).extracting(IndexEntry::path).containsExactlyElementsOf(expected);
        assertThat(removed.get(2)).isEqualTo(file("big/d0/f0", 11));
        assertThat(tree.size()).isEqualTo(3);
        assertThat(paths(tree.entries())).containsExactly("keep-before", "keep-after");
        assertThat(tree.get("big")).isEmpty();
        assertThat(tree.get("big/d7/f500")).isEmpty();
        assertThat(tree.hasChildren("big")).isFalse();
        assertThat(tree.removeSubtree("big")).isEmpty();
        assertThatThrownBy(() -> tree.removeSubtree("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRenamedDirectoryIsFoundOnlyUnderItsNewPathWithItsFileUids() {
        NamespaceTree tree = newTree();
        tree.put(dir("old", 2));
        tree.put(dir("old/sub", 3));
        tree.put(file("old/sub/f", 4));
        tree.put(file("old/g", 5));
        tree.put(dir("new", 6));

        for (IndexEntry entry : tree.removeSubtree("old")) {
            String path = "new/moved" + entry.path().substring("old".length());
            tree.put(new IndexEntry(path, entry.kind(), entry.length(), entry.mode(), entry.uid(), entry.gid(),
                    entry.creationTime(), entry.changeTime(), entry.modifyTime(), entry.accessTime(),
                    entry.symlinkTarget(), entry.extents(), entry.xattrs(), entry.fileUid(), entry.readonly()));
        }

        assertThat(paths(tree.entries())).containsExactly("new", "new/moved", "new/moved/sub", "new/moved/sub/f",
                "new/moved/g");
        assertThat(tree.get("new/moved/sub/f")).map(IndexEntry::fileUid).contains(4L);
        assertThat(tree.get("old")).isEmpty();
        assertThat(tree.get("old/sub/f")).isEmpty();
        assertThat(tree.size()).isEqualTo(6);
    }

    @Test
    void deletingALargeSubtreeCountsItWithoutHandingItBack() {
        NamespaceTree tree = newTree();
        tree.put(dir("big", 2));
        tree.put(dir("big/a", 3));
        tree.put(dir("big/a/deep", 4));
        long uid = 10;
        for (int f = 0; f < 15_000; f++) {
            tree.put(file((f % 2 == 0 ? "big/a/deep/f" : "big/f") + f, uid++));
        }
        tree.put(dir("kept", uid++));
        tree.put(file("kept/f", uid));

        assertThat(tree.delete("big")).isEqualTo(15_003);

        assertThat(tree.size()).isEqualTo(3);
        assertThat(paths(tree.entries())).containsExactly("kept", "kept/f");
        assertThat(tree.get("big/a/deep/f0")).isEmpty();
        assertThat(tree.get("big/f1")).isEmpty();
        assertThat(tree.delete("big")).isZero();
        tree.put(dir("big", 99));
        assertThat(tree.hasChildren("big")).isFalse();
    }

    @Test
    void movingADirectoryRenamesEverythingBelowItAndKeepsTheirEntries() {
        NamespaceTree tree = newTree();
        tree.put(dir("old", 2));
        tree.put(dir("old/sub", 3));
        IndexEntry f = file("old/sub/f", 4);
        tree.put(f);
        tree.put(file("old/g", 5));
        tree.put(dir("new", 6));
        Instant now = T.plusSeconds(60);
        IndexEntry moved = new IndexEntry("new/moved", EntryKind.DIRECTORY, 0, 0755, 0, 0, T, now, T, T, null,
                List.of(), Map.of(), 2, false);

        tree.move("old", moved);

        assertThat(paths(tree.entries())).containsExactly("new", "new/moved", "new/moved/sub", "new/moved/sub/f",
                "new/moved/g");
        assertThat(tree.get("new/moved")).contains(moved);
        assertThat(tree.get("new/moved/sub/f")).contains(new IndexEntry("new/moved/sub/f", f.kind(), f.length(),
                f.mode(), f.uid(), f.gid(), f.creationTime(), f.changeTime(), f.modifyTime(), f.accessTime(), null,
                f.extents(), f.xattrs(), f.fileUid(), f.readonly()));
        assertThat(tree.get("old")).isEmpty();
        assertThat(tree.get("old/sub/f")).isEmpty();
        assertThat(tree.hasChildren("old")).isFalse();
        assertThat(tree.size()).isEqualTo(6);
        tree.put(file("new/moved/sub/later", 7));
        assertThat(paths(tree.entries())).contains("new/moved/sub/later");
        assertThatThrownBy(() -> tree.move("new", dir("new/moved/inside", 6)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.move("new/moved/g", file("new/moved/sub/f", 5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exists");
    }

    @Test
    void theTreeLivesInAFileUnderTheWorkDirectoryUntilClosed() throws IOException {
        NamespaceTree tree = newTree();
        tree.put(file("f", 2));
        List<Path> files = treeFiles();
        assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString())
                .startsWith("TL0001L5-").endsWith(".tree"));

        tree.close();
        tree.close();

        assertThat(treeFiles()).isEmpty();
    }

    @Test
    void leftoversOfAPreviousRunAreDeletedAndNothingElse() throws IOException {
        Path trees = Files.createDirectories(workDir.resolve("trees"));
        Files.writeString(trees.resolve("TL0001L5-123.tree"), "stale");
        Files.writeString(trees.resolve("TL0002L5-456.tree"), "stale");
        Files.writeString(trees.resolve("notes.txt"), "not ours");
        Files.writeString(workDir.resolve("spool.tree"), "outside trees/");

        assertThat(TreeStoreFiles.deleteLeftovers(workDir)).isEqualTo(2);

        assertThat(treeFiles()).containsExactly(trees.resolve("notes.txt"));
        assertThat(workDir.resolve("spool.tree")).exists();
        assertThat(TreeStoreFiles.deleteLeftovers(workDir.resolve("absent"))).isZero();
    }
}
