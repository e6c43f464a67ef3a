package io.tapelib.gateway.catalog;

import static io.tapelib.gateway.catalog.CatalogTest.directory;
import static io.tapelib.gateway.catalog.CatalogTest.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording, coalescing and reading a tape's pending changes as one index write. */
class PendingBatchTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String TAPE = "A00001L5";

    @TempDir
    Path dir;

    private static VolumeRecord volume(String tag) {
        return new VolumeRecord(tag, "uuid-" + tag, VolumeState.LTFS, 3, 1_425_000_000_000L, 1_000_000_000_000L,
                524_288, T0);
    }

    private Catalog withTape() {
        Catalog catalog = Catalog.open(dir.resolve("catalog.db"));
        catalog.importVolume(volume(TAPE), List.of(directory("d", T0), file("d/x", 3, T0), file("d/y", 4, T0),
                file("top", 5, T0)).iterator());
        return catalog;
    }

    @Test
    void structuralChangesInOrderThenOnePutPerInodeWithItsCurrentMetadataAtItsNewPath() {
        try (Catalog catalog = withTape()) {
            long d = catalog.resolve("/d").orElseThrow().id();
            long x = catalog.resolve("/d/x").orElseThrow().id();
            catalog.setMode(x, 0600, T0.plusSeconds(1));
            catalog.setOwner(x, 42, 43, T0.plusSeconds(2));
            catalog.rename(d, "x", Catalog.ROOT_ID, "x2", T0.plusSeconds(3));
            catalog.unlink(d, "y", T0.plusSeconds(4));
            catalog.setTimes(x, T0.plusSeconds(100), T0.plusSeconds(200), T0.plusSeconds(5));

            PendingBatch batch = catalog.pending().batch(TAPE, 100);

            assertThat(batch.truncated()).isFalse();
            assertThat(batch.structural()).extracting(PendingChange::kind, PendingChange::path, PendingChange::newPath)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.RENAME, "/d/x", "/x2"),
                            org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.DELETE, "/d/y", null));
            // x changed four times, d twice: one put each, in the order of their last change.
            assertThat(batch.puts()).extracting(PendingBatch.EntrySnapshot::path).containsExactly("/d", "/x2");
            Inode x2 = batch.put(x).orElseThrow().inode();
            assertThat(x2.mode()).isEqualTo(0600);
            assertThat(x2.uid()).isEqualTo(42);
            assertThat(x2.gid()).isEqualTo(43);
            assertThat(x2.mtime()).isEqualTo(T0.plusSeconds(200));
            assertThat(x2.atime()).isEqualTo(T0.plusSeconds(100));
            assertThat(batch.put(d).orElseThrow().inode().mtime()).isEqualTo(T0.plusSeconds(4));
            assertThat(batch.root().path()).isEqualTo("/");
            // Every row goes: the coalesced ones were dropped when recorded.
            assertThat(batch.sentIds()).containsExactlyInAnyOrderElementsOf(
                    catalog.pending().of(TAPE).stream().map(PendingChange::id).toList());
        }
    }

    @Test
    void rootTimesAreNoRowButRideInEveryBatch() {
        try (Catalog catalog = withTape()) {
            catalog.unlink(Catalog.ROOT_ID, "top", T0.plusSeconds(7));

            assertThat(catalog.pending().of(TAPE)).extracting(PendingChange::kind)
                    .containsExactly(PendingChange.Kind.DELETE);
            PendingBatch batch = catalog.pending().batch(TAPE, 100);
            assertThat(batch.root().inode().mtime()).isEqualTo(T0.plusSeconds(7));
            assertThat(batch.changeCount()).isEqualTo(2);
            assertThat(catalog.pending().batch("B00002L5", 100).sent()).isEmpty();
        }
    }

    @Test
    void aBatchCutAtItsLimitIsAPrefixOfTheStructuralChangesWithoutPuts() {
        try (Catalog catalog = withTape()) {
            long d = catalog.resolve("/d").orElseThrow().id();
            catalog.rename(d, "x", d, "x1", T0.plusSeconds(1));
            catalog.rename(d, "x1", d, "x2", T0.plusSeconds(2));
            catalog.unlink(d, "y", T0.plusSeconds(3));

            PendingBatch cut = catalog.pending().batch(TAPE, 2);

            assertThat(cut.truncated()).isTrue();
            assertThat(cut.structural()).extracting(PendingChange::newPath).containsExactly("/d/x1", "/d/x2");
            assertThat(cut.puts()).isEmpty();
            catalog.pending().delete(TAPE, cut.sentIds());
            PendingBatch rest = catalog.pending().batch(TAPE, 3);
            assertThat(rest.truncated()).isFalse();
            assertThat(rest.structural()).extracting(PendingChange::path).containsExactly("/d/y");
            assertThat(rest.puts()).extracting(PendingBatch.EntrySnapshot::path).containsExactly("/d/x2", "/d");
        }
    }

    @Test
    void rowsRecordedAfterTheBatchWasReadStayWhenItsRowsAreDeleted() {
        try (Catalog catalog = withTape()) {
            long d = catalog.resolve("/d").orElseThrow().id();
            long x = catalog.resolve("/d/x").orElseThrow().id();
            catalog.setMode(x, 0600, T0.plusSeconds(1));
            PendingBatch sent = catalog.pending().batch(TAPE, 100);
            catalog.setMode(x, 0640, T0.plusSeconds(2));
            catalog.unlink(d, "y", T0.plusSeconds(3));

            catalog.pending().delete(TAPE, sent.sentIds());

            assertThat(catalog.pending().of(TAPE)).extracting(PendingChange::kind, PendingChange::path)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.ATTRIBUTES, "/d/x"),
                            org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.DELETE, "/d/y"),
                            org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.ATTRIBUTES, "/d"));
            assertThat(catalog.pending().oldestByVolume()).containsOnlyKeys(TAPE);
        }
    }

    @Test
    void aNewDirectoryIsDirtyUntilItsMigrationIsRecordedAndItsChildrenKeepItSo() {
        try (Catalog catalog = withTape()) {
            Inode empty = catalog.mkdir(Catalog.ROOT_ID, "empty", 0750, 7, 8, T0.plusSeconds(1));
            assertThat(empty.isDirty()).isTrue();
            assertThat(catalog.copies().dirtyFiles(T0.plusSeconds(1)))
                    .extracting(Inode::id).containsExactly(empty.id());
            Inode seen = catalog.get(empty.id()).orElseThrow();
            catalog.createFile(empty.id(), "late", 0644, 0, 0, T0.plusSeconds(2));
            // The directory changed after the migration read it: not recorded, it goes again with its new time.
            assertThat(catalog.copies().recordMigration(empty.id(), seen.changeCounter(), TAPE, List.of(), null))
                    .isFalse();
            Inode now = catalog.get(empty.id()).orElseThrow();
            assertThat(now.dirtySince()).isEqualTo(T0.plusSeconds(2));
            assertThat(catalog.copies().recordMigration(empty.id(), now.changeCounter(), TAPE, List.of(), null))
                    .isTrue();
            assertThat(catalog.get(empty.id()).orElseThrow().isDirty()).isFalse();
            // On tape now: a later child's creation is a pending change of the directory's times.
            catalog.createFile(empty.id(), "later", 0644, 0, 0, T0.plusSeconds(3));
            assertThat(catalog.pending().batch(TAPE, 100).puts()).extracting(PendingBatch.EntrySnapshot::path)
                    .containsExactly("/empty");
        }
    }

    @Test
    void anAncestorSentInABatchIsOnThatTapeAndAChangeMeanwhileBecomesARow() {
        try (Catalog catalog = withTape()) {
            Inode d = catalog.resolve("/d").orElseThrow();
            catalog.copies().recordDirectory(d.id(), d.changeCounter(), "B00002L5", T0);
            assertThat(catalog.pending().of("B00002L5")).isEmpty();

            Inode before = catalog.resolve("/d").orElseThrow();
            catalog.setMode(d.id(), 0700, T0.plusSeconds(1));
            catalog.copies().recordDirectory(d.id(), before.changeCounter(), "C00003L5", T0.plusSeconds(2));

            assertThat(catalog.pending().of("B00002L5")).extracting(PendingChange::inode).containsExactly(d.id());
            assertThat(catalog.pending().of("C00003L5")).extracting(PendingChange::inode).containsExactly(d.id());
        }
    }

    @Test
    void aNewDirectorySentAsAnAncestorIsCleanUnlessItChangedMeanwhile() {
        try (Catalog catalog = withTape()) {
            Inode fresh = catalog.mkdir(Catalog.ROOT_ID, "fresh", 0755, 0, 0, T0);
            catalog.copies().recordDirectory(fresh.id(), fresh.changeCounter(), TAPE, T0.plusSeconds(1));
            assertThat(catalog.get(fresh.id()).orElseThrow().isDirty()).isFalse();

            Inode other = catalog.mkdir(Catalog.ROOT_ID, "other", 0755, 0, 0, T0);
            catalog.setMode(other.id(), 0700, T0.plusSeconds(1));
            catalog.copies().recordDirectory(other.id(), other.changeCounter(), TAPE, T0.plusSeconds(2));
            assertThat(catalog.get(other.id()).orElseThrow().isDirty()).as("it goes again as an entry").isTrue();
            assertThat(catalog.pending().batch(TAPE, 100).puts()).extracting(PendingBatch.EntrySnapshot::path)
                    .containsExactly("/other");
        }
    }

    @Test
    void rowsOfASchemaVersion2CatalogSurviveTheMigrationAndAreFoundByPath() throws Exception {
        Path db = dir.resolve("catalog.db");
        try (Catalog catalog = withTape()) {
            catalog.setMode(catalog.resolve("/d/x").orElseThrow().id(), 0600, T0.plusSeconds(1));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement()) {
            // As version 2 recorded it: no inode column (nor version 3's names and device numbers).
            statement.execute("DROP INDEX pending_change_inode");
            statement.execute("ALTER TABLE pending_change DROP COLUMN inode");
            statement.execute("DROP TABLE inode_name");
            statement.execute("DROP TABLE shelved_volume");
            statement.execute("ALTER TABLE inode DROP COLUMN rdev");
            statement.execute("UPDATE schema_version SET version = 2");
        }
        try (Catalog catalog = Catalog.open(db)) {
            PendingBatch batch = catalog.pending().batch(TAPE, 100);
            assertThat(batch.puts()).extracting(PendingBatch.EntrySnapshot::path).containsExactly("/d/x");
            assertThat(batch.puts().get(0).inode().mode()).isEqualTo(0600);
        }
    }

    @Test
    void putsCarryTheEntrysExtendedAttributes() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume(TAPE), List.of(new TapeEntry("f", io.tapelib.gateway.posix.FileKind.FILE, 3,
                    0644, 0, 0, T0, T0, T0, T0, null, List.of(new ExtentRecord(1, 10, 0, 3, 0)),
                    List.of(new ExtendedAttribute("user.color", "blue".getBytes(StandardCharsets.UTF_8))))).iterator());
            catalog.setMode(catalog.resolve("/f").orElseThrow().id(), 0600, T0.plusSeconds(1));

            assertThat(catalog.pending().batch(TAPE, 100).puts().get(0).xattrs())
                    .extracting(ExtendedAttribute::name).containsExactly("user.color");
        }
    }
}
