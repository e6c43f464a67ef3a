package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest {
    private static final Path DOC = Path.of("/usr/share/doc");
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456789Z");

    @TempDir
    Path dir;

    private static VolumeRecord volume(String tag) {
        return new VolumeRecord(tag, "uuid-" + tag, VolumeState.LTFS, 3, 1_425_000_000_000L, 1_000_000_000_000L,
                524_288, NOW);
    }

    @Test
    void createsSchemaWithRootAndKeepsChangesAcrossReopen() throws SQLException {
        Path db = dir.resolve("sub/catalog.db");
        try (Catalog catalog = Catalog.open(db)) {
            Inode root = catalog.resolve("/").orElseThrow();
            assertThat(root.id()).isEqualTo(Catalog.ROOT_ID);
            assertThat(root.isDirectory()).isTrue();
            Inode projects = catalog.mkdir(Catalog.ROOT_ID, "projects", 0750, 1000, 1000, NOW);
            catalog.createFile(projects.id(), "notes.txt", 0640, 1000, 1000, NOW);
            catalog.upsertVolume(volume("TAPE01L5"));
        }
        try (Catalog catalog = Catalog.open(db)) {
            Inode notes = catalog.resolve("/projects/notes.txt").orElseThrow();
            assertThat(notes.mode()).isEqualTo(0640);
            assertThat(notes.mtime()).isEqualTo(NOW);
            assertThat(notes.isDirty()).isTrue();
            assertThat(catalog.volume("TAPE01L5")).contains(volume("TAPE01L5"));
            assertThat(catalog.pathOf(notes.id())).contains("/projects/notes.txt");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rows = connection.createStatement().executeQuery("SELECT version FROM schema_version")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(CatalogSchema.CURRENT_VERSION);
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void aVersion7CatalogCountsADirectorysSubdirectoriesAmongItsFilesAfterTheUpgrade() throws SQLException {
        Path db = dir.resolve("catalog.db");
        long projects;
        try (Catalog catalog = Catalog.open(db)) {
            projects = catalog.mkdir(Catalog.ROOT_ID, "projects", 0750, 0, 0, NOW).id();
            catalog.mkdir(projects, "a", 0750, 0, 0, NOW);
            catalog.createFile(projects, "notes.txt", 0640, 0, 0, NOW);
            catalog.mkdir(projects, "b", 0750, 0, 0, NOW);
            catalog.createFile(projects, "todo.txt", 0640, 0, 0, NOW);
        }
        // as a gateway before version 8 left the file: no index of subdirectories
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            connection.createStatement().execute("DROP INDEX inode_subdirectory");
            connection.createStatement().execute("UPDATE schema_version SET version = 7");
        }

        try (Catalog catalog = Catalog.open(db)) {
            assertThat(catalog.subdirectoryCount(projects)).isEqualTo(2);
            assertThat(catalog.subdirectoryCount(Catalog.ROOT_ID)).isEqualTo(1);
            catalog.mkdir(projects, "c", 0750, 0, 0, NOW);
            catalog.createFile(projects, "more.txt", 0640, 0, 0, NOW);
            assertThat(catalog.subdirectoryCount(projects)).isEqualTo(3);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'inode_subdirectory'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void importsARealTreeAndAnswersLookups() throws IOException {
        List<TapeEntry> entries = TreeIndex.of(DOC);
        assertThat(entries).hasSizeGreaterThan(1000);
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            ImportSummary summary = catalog.importVolume(volume("DOC001L5"), entries.iterator());

            assertThat(summary.entries()).isEqualTo(entries.size());
            assertThat(summary.conflicts()).isZero();
            assertThat(catalog.inodeCount()).isEqualTo(entries.size() + 1);
            Path someFile;
            try (Stream<Path> files = Files.walk(DOC)) {
                someFile = files.filter(Files::isRegularFile).filter(p -> p.getNameCount() > 4).findFirst().orElseThrow();
            }
            Inode file = catalog.resolve(someFile.toString().substring(DOC.toString().length())).orElseThrow();
            assertThat(file.size()).isEqualTo(Files.size(someFile));
            assertThat(file.mtime()).isEqualTo(Files.getLastModifiedTime(someFile).toInstant());
            assertThat(catalog.copies().currentVolumes(file.id())).containsExactly("DOC001L5");
            if (file.size() > 0) {
                assertThat(catalog.copies().currentExtents(file.id())).singleElement()
                        .satisfies(extent -> assertThat(extent.byteCount()).isEqualTo(file.size()));
            }
            Path parentDir = someFile.getParent();
            Inode parent = catalog.resolve(parentDir.toString().substring(DOC.toString().length())).orElseThrow();
            try (Stream<Path> listing = Files.list(parentDir)) {
                assertThat(catalog.children(parent.id())).extracting(Inode::name)
                        .containsExactlyInAnyOrderElementsOf(listing.map(p -> p.getFileName().toString())
                                .collect(Collectors.toList()));
            }
            assertThat(catalog.lookup(parent.id(), someFile.getFileName().toString())).contains(file);
            assertThat(catalog.resolve("/no/such/path")).isEmpty();
            assertThat(catalog.resolve(someFile.toString().substring(DOC.toString().length()) + "/below-a-file")).isEmpty();

            ImportSummary again = catalog.importVolume(volume("DOC001L5"), entries.iterator());
            assertThat(again.added()).isZero();
            assertThat(again.removed()).isZero();
            assertThat(catalog.inodeCount()).isEqualTo(entries.size() + 1);
        }
    }

    @Test
    void reimportingAVolumeForgetsWhatItNoLongerHolds() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume("A00001L5"), List.of(directory("docs", NOW), file("docs/a.txt", 10, NOW),
                    file("docs/b.txt", 20, NOW), directory("old", NOW), file("old/c.txt", 5, NOW)).iterator());
            ImportSummary summary = catalog.importVolume(volume("A00001L5"),
                    List.of(directory("docs", NOW), file("docs/a.txt", 10, NOW)).iterator());

            assertThat(summary.removed()).isEqualTo(3);
            assertThat(catalog.resolve("/docs/a.txt")).isPresent();
            assertThat(catalog.resolve("/docs/b.txt")).isEmpty();
            assertThat(catalog.resolve("/old")).isEmpty();
        }
    }

    @Test
    void mergesTapesByPathSizeAndModifyTime() {
        Instant older = NOW.minusSeconds(3600);
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume("A00001L5"), List.of(directory("shared", older),
                    file("shared/same.bin", 100, older), file("shared/changed.bin", 100, older),
                    file("shared/only-a.bin", 1, older), file("shared/newer-on-a.bin", 7, NOW)).iterator());
            ImportSummary summary = catalog.importVolume(volume("B00002L5"), List.of(directory("shared", NOW),
                    file("shared/same.bin", 100, older), file("shared/changed.bin", 250, NOW),
                    file("shared/only-b.bin", 2, NOW), file("shared/newer-on-a.bin", 9, older)).iterator());

            Inode same = catalog.resolve("/shared/same.bin").orElseThrow();
            assertThat(catalog.copies().currentVolumes(same.id())).containsExactly("A00001L5", "B00002L5");
            Inode changed = catalog.resolve("/shared/changed.bin").orElseThrow();
            assertThat(changed.size()).isEqualTo(250);
            assertThat(changed.mtime()).isEqualTo(NOW);
            assertThat(catalog.copies().currentVolumes(changed.id())).containsExactly("B00002L5");
            assertThat(catalog.copies().extents(changed.id(), "A00001L5")).isNotEmpty();
            assertThat(summary.contentChanged()).containsExactly(changed.id());
            Inode keptA = catalog.resolve("/shared/newer-on-a.bin").orElseThrow();
            assertThat(keptA.size()).isEqualTo(7);
            assertThat(catalog.copies().currentVolumes(keptA.id())).containsExactly("A00001L5");
            assertThat(catalog.children(catalog.resolve("/shared").orElseThrow().id())).extracting(Inode::name)
                    .containsExactly("changed.bin", "newer-on-a.bin", "only-a.bin", "only-b.bin", "same.bin");
            assertThat(catalog.copies().currentVolumes(catalog.resolve("/shared").orElseThrow().id()))
                    .containsExactly("A00001L5", "B00002L5");
            assertThat(summary.copies()).isEqualTo(1);
            assertThat(summary.superseding()).isEqualTo(1);
            assertThat(summary.older()).isEqualTo(1);

            // Losing the newer tape's version brings back the older one instead of dropping the path.
            catalog.importVolume(volume("B00002L5"), List.<TapeEntry>of().iterator());
            Inode back = catalog.resolve("/shared/changed.bin").orElseThrow();
            assertThat(back.size()).isEqualTo(100);
            assertThat(catalog.copies().currentVolumes(back.id())).containsExactly("A00001L5");
            assertThat(catalog.resolve("/shared/only-b.bin")).isEmpty();
        }
    }

    @Test
    void namesListedTwiceInADirectoryTheImportCreatedMergeAsOnTheTreeAlready() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            // new/ and new/implied/ are created by this import (the second without an entry of its own before its
            // child): their entries are inserted without a lookup, and a name met again must fall back to one
            ImportSummary summary = catalog.importVolume(volume("A00001L5"), List.of(directory("new", NOW),
                    file("new/twice", 3, NOW), file("new/twice", 3, NOW), file("new/implied/child", 1, NOW),
                    directory("new/implied", NOW), file("new/clash", 1, NOW), directory("new/clash", NOW))
                    .iterator());

            assertThat(summary.added()).as("new, twice, implied, child, clash").isEqualTo(5);
            assertThat(summary.copies()).as("the second twice: same size and time").isEqualTo(1);
            assertThat(summary.conflicts()).as("new/clash listed as a file, then as a directory").isEqualTo(1);
            assertThat(catalog.children(catalog.resolve("/new").orElseThrow().id())).extracting(Inode::name)
                    .containsExactly("clash", "implied", "twice");
            assertThat(catalog.resolve("/new/implied/child")).isPresent();
            assertThat(catalog.resolve("/new/clash").orElseThrow().kind()).isEqualTo(FileKind.FILE);
        }
    }

    @Test
    void reportsAFileWhereATapeHasADirectoryAsAConflict() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume("A00001L5"), List.of(file("thing", 3, NOW)).iterator());
            ImportSummary summary = catalog.importVolume(volume("B00002L5"),
                    List.of(directory("thing", NOW), file("thing/inside", 1, NOW)).iterator());

            assertThat(summary.conflicts()).isEqualTo(2);
            assertThat(summary.conflictPaths()).anySatisfy(line -> assertThat(line).startsWith("thing:"));
            assertThat(catalog.resolve("/thing").orElseThrow().kind()).isEqualTo(FileKind.FILE);
        }
    }

    @Test
    void migrationMakesAFileCleanOnlyIfItDidNotChangeSince() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            Inode file = catalog.createFile(Catalog.ROOT_ID, "report.pdf", 0644, 0, 0, NOW);
            Inode written = catalog.recordWrite(file.id(), 4096, NOW.plusSeconds(1));
            assertThat(catalog.copies().dirtyFiles(NOW.plusSeconds(1)))
                    .extracting(Inode::id).containsExactly(file.id());
            assertThat(catalog.copies().dirtyFiles(NOW)).isEmpty();

            catalog.recordWrite(file.id(), 8192, NOW.plusSeconds(2));
            List<ExtentRecord> extents = List.of(new ExtentRecord(1, 500, 0, 8192, 0));
            assertThat(catalog.copies().recordMigration(file.id(), written.changeCounter(), "A00001L5", extents, "ab"))
                    .isFalse();
            assertThat(catalog.get(file.id()).orElseThrow().isDirty()).isTrue();

            long seen = catalog.get(file.id()).orElseThrow().changeCounter();
            assertThat(catalog.copies().recordMigration(file.id(), seen, "A00001L5", extents, "ab")).isTrue();
            Inode clean = catalog.get(file.id()).orElseThrow();
            assertThat(clean.isDirty()).isFalse();
            assertThat(clean.dirtySince()).isNull();
            assertThat(clean.size()).isEqualTo(8192);
            assertThat(catalog.copies().currentExtents(file.id())).isEqualTo(extents);
            assertThat(catalog.copies().currentVolumes(file.id())).containsExactly("A00001L5");
            assertThat(catalog.copies().sha256(file.id())).contains("ab");
            assertThat(catalog.copies().dirtyFiles(NOW.plusSeconds(60))).isEmpty();
        }
    }

    @Test
    void recordsPendingChangesForWhatTapesHold() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume("A00001L5"), List.of(directory("d", NOW), file("d/x", 3, NOW),
                    file("d/y", 4, NOW)).iterator());
            long d = catalog.resolve("/d").orElseThrow().id();
            catalog.rename(d, "x", Catalog.ROOT_ID, "x2", NOW);
            catalog.unlink(d, "y", NOW);
            catalog.setMode(catalog.resolve("/x2").orElseThrow().id(), 0600, NOW);

            // The directory's own times changed twice (a child moved out, one removed) and x2's metadata twice
            // (rename's ctime, chmod): one ATTRIBUTES row each, at its last change.
            assertThat(catalog.pending().of("A00001L5"))
                    .extracting(PendingChange::kind, PendingChange::path, PendingChange::newPath)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.RENAME, "/d/x", "/x2"),
                            org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.DELETE, "/d/y", null),
                            org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.ATTRIBUTES, "/d", null),
                            org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.ATTRIBUTES, "/x2", null));
            long last = catalog.pending().of("A00001L5").get(3).id();
            catalog.pending().clear("A00001L5", last);
            assertThat(catalog.pending().of("A00001L5")).isEmpty();
        }
    }

    @Test
    void refusesChangesThatBreakPosixRules() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            Inode d = catalog.mkdir(Catalog.ROOT_ID, "d", 0755, 0, 0, NOW);
            catalog.createFile(d.id(), "f", 0644, 0, 0, NOW);

            assertThatThrownBy(() -> catalog.mkdir(Catalog.ROOT_ID, "d", 0755, 0, 0, NOW))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.EEXIST);
            assertThatThrownBy(() -> catalog.rmdir(Catalog.ROOT_ID, "d", NOW))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOTEMPTY);
            assertThatThrownBy(() -> catalog.rename(Catalog.ROOT_ID, "d", d.id(), "inside", NOW))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.EINVAL);
            assertThatThrownBy(() -> catalog.createFile(Catalog.ROOT_ID, "n".repeat(256), 0644, 0, 0, NOW))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENAMETOOLONG);
            assertThatThrownBy(() -> catalog.unlink(Catalog.ROOT_ID, "d", NOW))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.EISDIR);
            assertThat(catalog.resolve("/d/f")).isPresent();
        }
    }

    @Test
    void createsAndWritesInDirtyAndCleanPlacesKeepTheirChecksTimesAndTapeRecords() {
        Instant later = NOW.plusSeconds(60);
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume("A00001L5"), List.of(directory("d", NOW), file("d/x", 3, NOW)).iterator());
            Inode onTape = catalog.resolve("/d").orElseThrow();
            Inode x = catalog.resolve("/d/x").orElseThrow();
            Inode fresh = catalog.mkdir(Catalog.ROOT_ID, "fresh", 0755, 0, 0, NOW);

            // a new file in a dirty directory and in one on tape: both directories take the create's times, and only
            // the one on tape gets a pending ATTRIBUTES row
            catalog.createFile(fresh.id(), "f", 0644, 0, 0, later);
            catalog.createFile(onTape.id(), "g", 0644, 0, 0, later);
            assertThat(catalog.get(fresh.id()).orElseThrow().mtime()).isEqualTo(later);
            assertThat(catalog.get(onTape.id()).orElseThrow().mtime()).isEqualTo(later);
            assertThat(catalog.pending().of("A00001L5")).extracting(PendingChange::kind, PendingChange::path)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.ATTRIBUTES, "/d"));

            // a refused create changes nothing, the directory's times included
            assertThatThrownBy(() -> catalog.createFile(fresh.id(), "f", 0644, 0, 0, later.plusSeconds(1)))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.EEXIST);
            assertThat(catalog.get(fresh.id()).orElseThrow().mtime()).isEqualTo(later);
            long f = catalog.resolve("/fresh/f").orElseThrow().id();
            assertThatThrownBy(() -> catalog.createFile(f, "under-a-file", 0644, 0, 0, later))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOTDIR);
            assertThatThrownBy(() -> catalog.createFile(999_999, "nowhere", 0644, 0, 0, later))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOENT);

            // a write recorded into a dirty file keeps no copy current; into the file on tape, it ends its copy's
            // currency; a directory or a missing inode is refused
            assertThat(catalog.recordWrite(f, 5, later).size()).isEqualTo(5);
            assertThat(catalog.recordWrite(x.id(), 2, later)).extracting(Inode::size, Inode::isDirty)
                    .containsExactly(3L, true);
            assertThat(catalog.copies().currentVolumes(x.id())).isEmpty();
            assertThatThrownBy(() -> catalog.recordWrite(fresh.id(), 1, later))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.EISDIR);
            assertThatThrownBy(() -> catalog.recordWrite(999_999, 1, later))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOENT);

            // a further name of a hard-linked file is found as that name, an absent one not at all
            catalog.link(f, onTape.id(), "also-f", later);
            assertThat(catalog.lookup(onTape.id(), "also-f").orElseThrow())
                    .extracting(Inode::id, Inode::parent, Inode::name).containsExactly(f, onTape.id(), "also-f");
            assertThat(catalog.lookup(fresh.id(), "f").orElseThrow().name()).isEqualTo("f");
            assertThat(catalog.lookup(onTape.id(), "absent")).isEmpty();
        }
    }

    @Test
    void hasAnIdentityOfItsOwnThatSurvivesReopening() {
        String first;
        try (Catalog catalog = Catalog.open(dir.resolve("one.db"))) {
            first = catalog.identity();
        }
        try (Catalog reopened = Catalog.open(dir.resolve("one.db"));
             Catalog other = Catalog.open(dir.resolve("other.db"))) {
            assertThat(reopened.identity()).isEqualTo(first);
            assertThat(other.identity()).isNotEqualTo(first);
            assertThat(java.util.UUID.fromString(first)).isNotNull();
        }
    }

    @Test
    void knowsTheLargestCartridgeCapacityOnlyOnceACartridgeReportsOne() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            assertThat(catalog.largestCartridgeCapacity()).isEmpty();
            catalog.upsertVolume(new VolumeRecord("CLN001L1", null, VolumeState.UNSUPPORTED, 0, 0, 0, 0, null));
            assertThat(catalog.largestCartridgeCapacity()).isEmpty();
            catalog.upsertVolume(volume("A00001L5"));
            catalog.upsertVolume(new VolumeRecord("B00002L6", null, VolumeState.BLANK, 0, 2_400_000_000_000L,
                    2_400_000_000_000L, 524_288, null));
            assertThat(catalog.largestCartridgeCapacity()).hasValue(2_400_000_000_000L);
        }
    }

    @Test
    void markingDirtyBeforeAChangeKeepsTimesAndDefeatsAnOlderMigration() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume("A00001L5"), List.of(file("kept.bin", 100, NOW)).iterator());
            Inode clean = catalog.resolve("/kept.bin").orElseThrow();
            assertThat(clean.isDirty()).isFalse();

            Inode dirty = catalog.markDirty(clean.id(), NOW.plusSeconds(5));
            assertThat(dirty.isDirty()).isTrue();
            assertThat(dirty.dirtySince()).isEqualTo(NOW.plusSeconds(5));
            assertThat(dirty.mtime()).isEqualTo(clean.mtime());
            assertThat(dirty.size()).isEqualTo(100);
            assertThat(catalog.copies().currentVolumes(clean.id()))
                    .as("the tape's copy is no longer current").isEmpty();
            assertThat(catalog.copies().recordMigration(clean.id(), clean.changeCounter(), "B00002L5", List.of(), null))
                    .as("a migration that read the file before it was marked").isFalse();
            Inode d = catalog.mkdir(Catalog.ROOT_ID, "d", 0755, 0, 0, NOW);
            assertThatThrownBy(() -> catalog.markDirty(d.id(), NOW))
                    .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.EISDIR);
        }
    }

    @Test
    void findsTheDirtyEntriesBelowAnInodeOnly() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            Inode a = catalog.mkdir(Catalog.ROOT_ID, "a", 0755, 0, 0, NOW);
            Inode b = catalog.mkdir(a.id(), "b", 0755, 0, 0, NOW);
            Inode deep = catalog.createFile(b.id(), "deep", 0644, 0, 0, NOW);
            Inode near = catalog.createFile(a.id(), "near", 0644, 0, 0, NOW);
            Inode outside = catalog.createFile(Catalog.ROOT_ID, "outside", 0644, 0, 0, NOW);

            // new directories are dirty until on tape: they are entries below too
            assertThat(catalog.dirtyEntriesUnder(a.id())).extracting(Inode::id)
                    .containsExactly(a.id(), b.id(), deep.id(), near.id());
            assertThat(catalog.dirtyEntriesUnder(outside.id())).extracting(Inode::id).containsExactly(outside.id());
            assertThat(catalog.dirtyEntriesUnder(b.id())).extracting(Inode::id).containsExactly(b.id(), deep.id());
        }
    }

    @Test
    void aClosedCatalogRefusesCallsInsteadOfHanging() {
        Catalog catalog = Catalog.open(dir.resolve("catalog.db"));
        catalog.close();
        assertThatThrownBy(() -> catalog.get(Catalog.ROOT_ID)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> catalog.mkdir(Catalog.ROOT_ID, "late", 0755, 0, 0, NOW))
                .isInstanceOf(CatalogException.class).hasMessageContaining("closed");
    }

    static TapeEntry file(String path, long size, Instant mtime) {
        return new TapeEntry(path, FileKind.FILE, size, 0644, 1000, 1000, mtime, mtime, mtime, mtime, null,
                List.of(new ExtentRecord(1, Math.abs(path.hashCode() % 100_000), 0, size, 0)), List.of());
    }

    static TapeEntry directory(String path, Instant mtime) {
        return new TapeEntry(path, FileKind.DIRECTORY, 0, 0755, 1000, 1000, mtime, mtime, mtime, mtime, null,
                List.of(), List.of());
    }
}
