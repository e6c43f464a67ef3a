package io.tapelib.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log's own database beside the catalog: where it is, that it outlives a restart and is left alone by the
 * catalog, multi-row appends, and the move of the records older gateways kept in the catalog's {@code audit} table.
 */
class AuditDatabaseTest {
    private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");

    @TempDir
    Path dir;

    private static AuditRecord record(int n) {
        return new AuditRecord(0, T0.plusMillis(n), "create", "/dir/file-" + n, null, 0, 4242, "touch", "mount",
                AuditRecord.OK, "mode 0644");
    }

    private static List<AuditRecord> all(AuditTable table) {
        return table.find(new AuditQuery(null, null, null, 0, 100_000));
    }

    @Test
    void theAuditLogIsAFileOfItsOwnBesideTheCatalogAndOutlivesARestart() throws SQLException {
        Path catalogFile = dir.resolve("state/catalog.db");
        try (Catalog catalog = Catalog.open(catalogFile); AuditTable table = AuditTable.openBesideCatalog(catalog)) {
            assertThat(table.file()).isEqualTo(dir.resolve("state/catalog-audit.db"));
            table.append(List.of(record(1), record(2)));
            assertThat(catalogAuditRows(catalogFile)).as("nothing goes into the catalog's own table").isZero();
        }
        assertThat(dir.resolve("state/catalog-audit.db")).isRegularFile();
        try (Catalog catalog = Catalog.open(catalogFile); AuditTable table = AuditTable.openBesideCatalog(catalog)) {
            assertThat(all(table)).extracting(AuditRecord::path).containsExactly("/dir/file-1", "/dir/file-2");
        }
    }

    @Test
    void aCatalogLostAndMadeAnewKeepsTheAuditLog() throws Exception {
        Path catalogFile = dir.resolve("catalog.db");
        try (Catalog catalog = Catalog.open(catalogFile); AuditTable table = AuditTable.openBesideCatalog(catalog)) {
            table.append(List.of(record(1)));
        }
        for (String name : List.of("catalog.db", "catalog.db-wal", "catalog.db-shm")) {
            Files.deleteIfExists(dir.resolve(name));
        }
        try (Catalog catalog = Catalog.open(catalogFile); AuditTable table = AuditTable.openBesideCatalog(catalog)) {
            assertThat(all(table)).extracting(AuditRecord::path).containsExactly("/dir/file-1");
        }
    }

    @Test
    void batchesLongerThanOneInsertStatementAreStoredWholeAndInOrder() {
        try (AuditTable table = AuditTable.open(dir.resolve("audit.db"))) {
            List<AuditRecord> batch = new ArrayList<>();
            for (int i = 0; i < 2 * AuditTable.ROWS_PER_INSERT + 7; i++) {
                batch.add(record(i));
            }
            table.append(batch);
            List<AuditRecord> stored = all(table);
            assertThat(stored).hasSize(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                assertThat(stored.get(i)).isEqualTo(batch.get(i).withId(stored.get(i).id()));
            }
            assertThat(stored).extracting(AuditRecord::id).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aBatchWithABadRecordStoresNothing() {
        try (AuditTable table = AuditTable.open(dir.resolve("audit.db"))) {
            List<AuditRecord> batch = new ArrayList<>();
            for (int i = 0; i < AuditTable.ROWS_PER_INSERT + 1; i++) {
                batch.add(record(i));
            }
            // action is NOT NULL: the second statement of the batch fails, and the first must not stay
            batch.add(new AuditRecord(0, T0, null, "/bad", null, null, null, null, "api", AuditRecord.OK, null));
            assertThatThrownBy(() -> table.append(batch)).isInstanceOf(CatalogException.class);
            assertThat(all(table)).isEmpty();
        }
    }

    @Test
    void recordsOlderGatewaysKeptInTheCatalogAreMovedOnceWithTheirIds() throws Exception {
        Path catalogFile = dir.resolve("catalog.db");
        Catalog.open(catalogFile).close();
        // as a gateway of catalog schema 6 before the move left them: 2,500 rows, ids 1..2,500 with a gap
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + catalogFile);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO audit (id, time, action, path,"
                     + " uid, pid, process, caller, outcome) VALUES (?, ?, 'unlink', ?, 0, 7, 'rm', 'mount', 'ok')")) {
            for (int id = 1; id <= 2_501; id++) {
                if (id == 10) {
                    continue;
                }
                insert.setInt(1, id);
                insert.setLong(2, Nanos.of(T0.plusSeconds(id)));
                insert.setString(3, "/old/" + id);
                insert.executeUpdate();
            }
        }
        try (Catalog catalog = Catalog.open(catalogFile); AuditTable table = AuditTable.openBesideCatalog(catalog)) {
            List<AuditRecord> moved = all(table);
            assertThat(moved).hasSize(2_500);
            assertThat(moved.get(0).id()).isEqualTo(1);
            assertThat(moved.get(0).path()).isEqualTo("/old/1");
            assertThat(moved.get(0).time()).isEqualTo(T0.plusSeconds(1));
            assertThat(moved.get(0).process()).isEqualTo("rm");
            assertThat(moved.get(moved.size() - 1).id()).isEqualTo(2_501);
            table.append(List.of(record(1)));
        }
        assertThat(catalogAuditRows(catalogFile)).isZero();
        try (Catalog catalog = Catalog.open(catalogFile); AuditTable table = AuditTable.openBesideCatalog(catalog)) {
            List<AuditRecord> after = all(table);
            assertThat(after).as("moved once; a new record numbered after the moved ones").hasSize(2_501);
            assertThat(after.get(after.size() - 1).id()).isGreaterThan(2_501);
        }
    }

    @Test
    void aMoveCutShortBeforeItsDeleteIsFinishedWithoutDuplicates() throws Exception {
        Path catalogFile = dir.resolve("catalog.db");
        Catalog.open(catalogFile).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + catalogFile);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO audit (id, time, action, path, outcome) VALUES (1, 1, 'unlink', '/a', 'ok'),"
                    + " (2, 2, 'unlink', '/b', 'ok')");
        }
        // the crash: row 1 was stored in the audit database, but not yet deleted from the catalog
        try (AuditTable table = AuditTable.open(AuditTable.besideCatalog(catalogFile))) {
            table.appendKeepingIds(List.of(new AuditRecord(1, Nanos.toInstant(1), "unlink", "/a", null, null, null,
                    null, null, "ok", null)));
        }
        try (Catalog catalog = Catalog.open(catalogFile); AuditTable table = AuditTable.openBesideCatalog(catalog)) {
            assertThat(all(table)).extracting(AuditRecord::path).containsExactly("/a", "/b");
        }
        assertThat(catalogAuditRows(catalogFile)).isZero();
    }

    @Test
    void anAuditDatabaseOfANewerGatewayIsRefused() throws Exception {
        Path file = dir.resolve("audit.db");
        AuditTable.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = " + (AuditTable.FORMAT + 1));
        }
        assertThatThrownBy(() -> AuditTable.open(file)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("newer");
    }

    private static int catalogAuditRows(Path catalogFile) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + catalogFile);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM audit")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
