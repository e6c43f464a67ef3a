package io.tapelib.gateway.catalog;

import static io.tapelib.gateway.catalog.CatalogTest.NOW;
import static io.tapelib.gateway.catalog.CatalogTest.directory;
import static io.tapelib.gateway.catalog.CatalogTest.file;
import static io.tapelib.gateway.catalog.CatalogTest.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes at the mount as the catalog records them: POSIX rules, dirty marks and their end at a migration that read
 * the file as it is, pending changes for what tapes hold, and the dirty entries below a directory.
 */
class CatalogChangesTest {
    @TempDir
    Path dir;

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
    void theWritesOfManyFilesAreRecordedInTransactionsOfAThousandFiles() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            int files = 2 * ContentChanges.RECORD_CHUNK + 500;
            List<ContentChanges.Written> writes = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                long id = catalog.createFile(Catalog.ROOT_ID, "f" + i, 0644, 0, 0, NOW).id();
                writes.add(new ContentChanges.Written(id, i + 1, NOW.plusSeconds(1)));
            }
            // one file removed and one directory among them, in the second transaction: left out, the others recorded
            Inode removed = catalog.resolve("/f" + (ContentChanges.RECORD_CHUNK + 10)).orElseThrow();
            catalog.unlink(Catalog.ROOT_ID, removed.name(), NOW);
            writes.add(ContentChanges.RECORD_CHUNK + 20,
                    new ContentChanges.Written(catalog.mkdir(Catalog.ROOT_ID, "d", 0755, 0, 0, NOW).id(), 7, NOW));

            List<Inode> rows = catalog.content().recordWrites(writes);

            assertThat(rows).hasSize(files - 1);
            assertThat(rows).extracting(Inode::id).doesNotContain(removed.id());
            for (int i = 0; i < files; i++) {
                if (i != ContentChanges.RECORD_CHUNK + 10) {
                    assertThat(catalog.resolve("/f" + i).orElseThrow().size()).as("f%d", i).isEqualTo(i + 1);
                }
            }
            assertThat(catalog.resolve("/d").orElseThrow().size()).isZero();
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
}
