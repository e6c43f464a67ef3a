package io.tapelib.controller.ltfs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Metadata changes applied to a directory tree in the heap: put, rename, remove and link, each skipped alone. */
class IndexChangeApplierTest {

    private static final Instant T = Instant.parse("2026-11-23T00:27:02.041956530Z");
    private static final Instant LATER = Instant.parse("2026-12-01T10:00:00.000000001Z");
    private static final Extent DATA = new Extent(1, 6, 0, 5, 0);

    private final NamespaceTree tree = NamespaceTree.inMemory(new IndexEntry("", EntryKind.DIRECTORY, 0, 0755, 0, 0,
            T, T, T, T, null, List.of(), Map.of(), 1, false));
    private final NamespaceEditor editor = new NamespaceEditor(tree, "TL0001L5");
    private final IndexChangeApplier applier = new IndexChangeApplier(editor);

    @AfterEach
    void close() {
        tree.close();
    }

    private static FileMetadata meta(String path, EntryKind kind, int mode, Instant time) {
        return new FileMetadata(path, kind, mode, 1000, 100, time, time, time, time,
                kind == EntryKind.SYMLINK ? "target" : null, kind.device() ? DeviceNumbers.makedev(8, 1) : 0);
    }

    private IndexEntry file(String path) {
        return editor.putFile(path, meta(path, EntryKind.FILE, 0644, T), 5, List.of(DATA),
                XattrValue.texts(Map.of(LtfsVolume.SHA256_XATTR, "ab", "user.old", "x")));
    }

    @Test
    void aChangeTheIndexCannotTakeIsSkippedAloneAndTheRestApplyInOrder() {
        file("a");
        file("d/b");

        AppliedChanges result = applier.apply(List.of(
                new IndexChange.Remove("a"),
                new IndexChange.Rename("a", "c"),
                new IndexChange.Rename("d", "e"),
                new IndexChange.Put(meta("e", EntryKind.FILE, 0600, T), Map.of()),
                new IndexChange.Put(meta("e/b", EntryKind.DIRECTORY, 0700, T), Map.of()),
                new IndexChange.Link("e/b2", "e/b"),
                new IndexChange.Remove("/")));

        assertThat(result.applied()).isEqualTo(3);
        assertThat(result.skipped()).extracting(SkippedChange::index).containsExactly(1, 3, 4, 6);
        assertThat(tree.entries().map(IndexEntry::path)).containsExactly("e", "e/b", "e/b2");
    }

    @Test
    void putCreatesSpecialFilesSymlinksAndDirectoriesAndUpdatesEveryKind() {
        applier.apply(List.of(
                new IndexChange.Put(meta("p/fifo", EntryKind.FIFO, 0600, T), Map.of()),
                new IndexChange.Put(meta("p/disk", EntryKind.BLOCK_DEVICE, 0660, T), Map.of()),
                new IndexChange.Put(meta("p/link", EntryKind.SYMLINK, 0777, T), Map.of()),
                new IndexChange.Put(meta("p/empty", EntryKind.DIRECTORY, 0700, T), Map.of())));
        AppliedChanges update = applier.apply(List.of(
                new IndexChange.Put(meta("p/fifo", EntryKind.FIFO, 0640, LATER), Map.of()),
                new IndexChange.Put(meta("p", EntryKind.DIRECTORY, 0750, LATER), Map.of()),
                new IndexChange.Put(meta("/", EntryKind.DIRECTORY, 0700, LATER),
                        Map.of("root-note", XattrValue.ofText("r")))));

        assertThat(update.skipped()).isEmpty();
        assertThat(tree.get("p/fifo").orElseThrow()).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.FIFO);
            assertThat(e.mode()).isEqualTo(0640);
            assertThat(e.modifyTime()).isEqualTo(LATER);
            assertThat(e.length()).isZero();
        });
        assertThat(tree.get("p/disk").orElseThrow().deviceNumber()).isEqualTo(DeviceNumbers.makedev(8, 1));
        assertThat(tree.get("p/link").orElseThrow().symlinkTarget()).isEqualTo("target");
        assertThat(tree.get("p/empty").orElseThrow().mode()).isEqualTo(0700);
        assertThat(tree.get("p").orElseThrow()).satisfies(dir -> {
            assertThat(dir.mode()).isEqualTo(0750);
            assertThat(dir.modifyTime()).as("a directory's own time, not its children's").isEqualTo(LATER);
        });
        assertThat(tree.root()).satisfies(root -> {
            assertThat(root.mode()).isEqualTo(0700);
            assertThat(root.modifyTime()).isEqualTo(LATER);
            assertThat(root.xattrs()).containsOnlyKeys("root-note");
        });
    }

    @Test
    void userXattrsReplaceAllButTheReservedOnesAndEveryNameOfALinkedFileTakesThePut() {
        IndexEntry original = file("f");
        byte[] binary = {0, (byte) 0xff, (byte) 0x80, '<'};

        AppliedChanges result = applier.apply(List.of(
                new IndexChange.Link("g/f2", "f"),
                new IndexChange.Put(meta("f", EntryKind.FILE, 0600, LATER), Map.of(
                        "new", XattrValue.of(binary), "ltfs.hash.sha256sum", XattrValue.ofText("forged")))));

        assertThat(result.skipped()).isEmpty();
        IndexEntry f = tree.get("f").orElseThrow();
        IndexEntry f2 = tree.get("g/f2").orElseThrow();
        assertThat(f.xattrs()).containsOnly(Map.entry(LtfsVolume.SHA256_XATTR, XattrValue.ofText("ab")),
                Map.entry("new", XattrValue.of(binary)));
        assertThat(f2.xattrs()).isEqualTo(f.xattrs());
        assertThat(List.of(f.mode(), f2.mode())).containsOnly(0600);
        assertThat(f2.modifyTime()).isEqualTo(LATER);
        assertThat(f2.extents()).isEqualTo(f.extents()).containsExactly(DATA);
        assertThat(f.linkGroup()).isEqualTo(f2.linkGroup()).isEqualTo(Long.toString(original.fileUid()));
        assertThat(f2.fileUid()).isNotEqualTo(f.fileUid());
    }
}
