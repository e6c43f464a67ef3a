package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The directory-tree edits behind LtfsVolume's writes, on a tree in the heap (no tape involved). */
class NamespaceEditorTest {

    private static final Instant T = Instant.parse("2026-11-23T00:27:02.041956530Z");
    private static final String TAG = "TL0001L5";

    private final NamespaceTree tree = NamespaceTree.inMemory(new IndexEntry("", EntryKind.DIRECTORY, 0, 0755, 0, 0,
            T, T, T, T, null, List.of(), Map.of(), 1, false));
    private final NamespaceEditor editor = new NamespaceEditor(tree, TAG);

    @AfterEach
    void close() {
        tree.close();
    }

    private static FileMetadata meta(String path, EntryKind kind, int mode) {
        return new FileMetadata(path, kind, mode, 1000, 100, T, T, T, T, kind == EntryKind.SYMLINK ? "target" : null);
    }

    private IndexEntry putFile(String path) {
        return editor.putFile(path, meta(path, EntryKind.FILE, 0100444), 5, List.of(new Extent(1, 6, 0, 5, 0)),
                XattrValue.texts(Map.of("ltfs.hash.sha256sum", "ab")));
    }

    @Test
    void fileGetsItsMissingParentsAsDirectoriesOfMode0755WithTheFilesOwnerAndTimes() {
        IndexEntry file = putFile("a/b/c.txt");

        assertThat(tree.entries().map(IndexEntry::path)).containsExactly("a", "a/b", "a/b/c.txt");
        IndexEntry parent = tree.get("a/b").orElseThrow();
        assertThat(parent.kind()).isEqualTo(EntryKind.DIRECTORY);
        assertThat(parent.mode()).isEqualTo(0755);
        assertThat(parent.uid()).isEqualTo(1000);
        assertThat(parent.gid()).isEqualTo(100);
        assertThat(parent.modifyTime()).isEqualTo(T);
        // parents are created first, so they take the lower file UIDs
        assertThat(tree.get("a").orElseThrow().fileUid()).isLessThan(parent.fileUid());
        assertThat(parent.fileUid()).isLessThan(file.fileUid());
        assertThat(file.mode()).isEqualTo(0444);
        assertThat(file.readonly()).isTrue();
        assertThat(file.extents()).containsExactly(new Extent(1, 6, 0, 5, 0));
        assertThat(file.xattrs()).containsEntry("ltfs.hash.sha256sum", XattrValue.ofText("ab"));
    }

    @Test
    void nothingIsWrittenBelowAFileNorOverADirectory() {
        putFile("a/f");

        assertThatThrownBy(() -> editor.checkReplaceable("a/f/g", EntryKind.FILE))
                .isInstanceOf(PathConflictException.class)
                .hasMessage(TAG + ": cannot write 'a/f/g': 'a/f' is not a directory");
        assertThatThrownBy(() -> editor.checkReplaceable("a", EntryKind.SYMLINK))
                .isInstanceOf(PathConflictException.class)
                .hasMessage(TAG + ": cannot write symlink 'a': a directory exists there");
        assertThatThrownBy(() -> editor.writeEntry(meta("a/missing", EntryKind.FILE, 0644)))
                .isInstanceOf(NoSuchEntryException.class)
                .hasMessageContaining("'a/missing'");
    }

    @Test
    void renameToItselfChangesNothingAndADirectoryDoesNotMoveIntoItself() {
        putFile("d/f");

        assertThat(editor.rename("d", "/d/")).isFalse();
        assertThat(tree.entries().map(IndexEntry::path)).containsExactly("d", "d/f");
        assertThatThrownBy(() -> editor.rename("d", "d/sub"))
                .isInstanceOf(LtfsException.class)
                .hasMessage(TAG + ": cannot move 'd' into itself ('d/sub')");
    }

    @Test
    void directoryMovesWithItsFilesOverAnEmptyDirectoryButNotOverAFullOne() {
        editor.writeEntry(meta("src", EntryKind.DIRECTORY, 0750));
        IndexEntry file = putFile("src/f");
        editor.writeEntry(meta("dst", EntryKind.DIRECTORY, 0700));
        putFile("full/g");

        assertThatThrownBy(() -> editor.rename("src", "full"))
                .isInstanceOf(LtfsException.class)
                .hasMessage(TAG + ": cannot replace 'full' by 'src'");
        assertThat(editor.rename("src", "dst")).isTrue();
        assertThat(editor.rename("dst", "new/dst")).isTrue();

        assertThat(tree.entries().map(IndexEntry::path)).containsExactlyInAnyOrder("full", "full/g", "new",
                "new/dst", "new/dst/f");
        IndexEntry moved = tree.get("new/dst/f").orElseThrow();
        assertThat(moved.fileUid()).isEqualTo(file.fileUid());
        assertThat(moved.extents()).isEqualTo(file.extents());
        // the moved directory keeps its own mode, not the replaced one's; the created parent gets 0755
        assertThat(tree.get("new/dst").orElseThrow().mode()).isEqualTo(0750);
        assertThat(tree.get("new").orElseThrow().mode()).isEqualTo(0755);
    }
}
