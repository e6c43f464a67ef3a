package io.tapelib.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.posix.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The catalog's database file: made with its root, kept across reopening (with its identity), upgraded from an older
 * schema, refused once closed. Holds the tape entries and volume the catalog tests share.
 */
class CatalogTest {
    /** When the entries of these tests were made. */
    static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456789Z");

    @TempDir
    Path dir;

    /** An LTFS cartridge of 1.425 TB, 1 TB of it free, 512 KiB blocks, catalogued at {@link #NOW}. */
    static VolumeRecord volume(String tag) {
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
    void aClosedCatalogRefusesCallsInsteadOfHanging() {
        Catalog catalog = Catalog.open(dir.resolve("catalog.db"));
        catalog.close();
        assertThatThrownBy(() -> catalog.get(Catalog.ROOT_ID)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> catalog.mkdir(Catalog.ROOT_ID, "late", 0755, 0, 0, NOW))
                .isInstanceOf(CatalogException.class).hasMessageContaining("closed");
    }

    /** A file entry of a tape's index, one extent of {@code size} bytes, mode 0644, owner 1000:1000. */
    static TapeEntry file(String path, long size, Instant mtime) {
        return new TapeEntry(path, FileKind.FILE, size, 0644, 1000, 1000, mtime, mtime, mtime, mtime, null,
                List.of(new ExtentRecord(1, Math.abs(path.hashCode() % 100_000), 0, size, 0)), List.of());
    }

    /** A directory entry of a tape's index, mode 0755, owner 1000:1000. */
    static TapeEntry directory(String path, Instant mtime) {
        return new TapeEntry(path, FileKind.DIRECTORY, 0, 0755, 1000, 1000, mtime, mtime, mtime, mtime, null,
                List.of(), List.of());
    }
}
