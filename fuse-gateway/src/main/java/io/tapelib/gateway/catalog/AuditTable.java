package io.tapelib.gateway.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The audit log (issue 14): a SQLite database of its own beside the catalog ({@link #besideCatalog}), with its own
 * writer connection, write-ahead log and checkpoints, so that appending a batch never waits for the catalog's writer
 * nor makes the mount's catalog transactions wait (the audit table in the catalog, schema 6, cost creates at the mount
 * 14% when they shared one). Batches of records are appended in one transaction each, read oldest first by id, and
 * purged by age in small deletes. Times are stored as nanoseconds since the epoch.
 *
 * <p>Unlike the catalog, this file cannot be rebuilt from the tapes (their LTFS indexes record no audit), and it need
 * not be: a catalog rebuilt after a loss keeps the audit log it finds here, and a lost audit database starts empty. It
 * is not in the catalog's backups. Thread-safe; errors are {@link CatalogException}.
 */
public final class AuditTable implements AutoCloseable {
    static final String COLUMNS = "id, time, action, path, new_path, uid, pid, process, caller, outcome,"
            + " detail";
    private static final String INSERTED = "time, action, path, new_path, uid, pid, process, caller, outcome, detail";
    private static final int PARAMETERS_PER_ROW = 10;
    /**
     * Rows in one INSERT statement: one statement per row would cross into SQLite (and parse its results) a hundred
     * times as often; 100 rows are 1,000 parameters, well under SQLite's limit (32,766 since 3.32).
     */
    static final int ROWS_PER_INSERT = 100;
    /** The audit database's own format ({@code PRAGMA user_version}); the catalog's versions do not apply to it. */
    static final int FORMAT = 1;

    private final CatalogConnections db;

    private AuditTable(CatalogConnections db) {
        this.db = db;
    }

    /** The audit database of the catalog {@code catalogDb}: {@code NAME-audit.db} in its directory. */
    public static Path besideCatalog(Path catalogDb) {
        String name = catalogDb.getFileName().toString();
        String stem = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
        return catalogDb.resolveSibling(stem + "-audit.db");
    }

    /**
     * Opens (creating it and its directory when missing) the audit database {@code file}.
     *
     * @throws CatalogException when it cannot be opened, or was written by a newer gateway
     */
    public static AuditTable open(Path file) {
        return new AuditTable(CatalogConnections.open(file, AuditTable::setUp));
    }

    /**
     * Opens the audit database beside {@code catalog} ({@link #besideCatalog} of its file), then
     * moves into it the records that a gateway built before the move kept in the catalog's own {@code audit} table
     * (catalog schema 6; the table stays, empty): ids kept, so that cursors stay valid; a move cut short by a crash is
     * finished at the next open, with nothing twice.
     *
     * @throws CatalogException when the database cannot be opened or the move fails (then it is closed again)
     */
    public static AuditTable openBesideCatalog(Catalog catalog) {
        AuditTable table = open(besideCatalog(catalog.file()));
        try {
            catalog.legacyAudit().moveTo(table);
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        return table;
    }

    /**
     * Stores records with the ids they have (a move from another table); those whose id is already here are skipped.
     */
    void appendKeepingIds(List<AuditRecord> records) {
        db.write(session -> {
            PreparedStatement insert = session.prepare("INSERT OR IGNORE INTO audit (id, " + INSERTED
                    + ") VALUES (?, " + "?, ".repeat(PARAMETERS_PER_ROW - 1) + "?)");
            for (AuditRecord record : records) {
                insert.setLong(1, record.id());
                bind(insert, 1, record);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private static void setUp(Connection writer) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            int format;
            try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
                format = rows.next() ? rows.getInt(1) : 0;
            }
            if (format > FORMAT) {
                throw new CatalogException("audit database format " + format + " is newer than this gateway's "
                        + FORMAT + "; refusing to open it");
            }
            // AUTOINCREMENT: ids are cursors (GET /api/v1/audit), never reused even after a purge emptied the table
            statement.execute("CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " time INTEGER NOT NULL, action TEXT NOT NULL, path TEXT, new_path TEXT, uid INTEGER,"
                    + " pid INTEGER, process TEXT, caller TEXT, outcome TEXT NOT NULL, detail TEXT)");
            // by time: the purge and since/until; by path: ?path= (exact, or a directory's byte range)
            statement.execute("CREATE INDEX IF NOT EXISTS audit_time ON audit (time)");
            statement.execute("CREATE INDEX IF NOT EXISTS audit_path ON audit (path, time)");
            statement.execute("PRAGMA user_version = " + FORMAT);
        }
        writer.commit();
    }

    /**
     * Appends records (their ids are ignored: the log numbers them in list order) in one transaction.
     *
     * @throws CatalogException when the database is closed or the insert fails (then none is stored)
     */
    public void append(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        db.write(session -> {
            for (int from = 0; from < records.size(); from += ROWS_PER_INSERT) {
                List<AuditRecord> rows = records.subList(from, Math.min(records.size(), from + ROWS_PER_INSERT));
                PreparedStatement insert = session.prepare(insert(rows.size()));
                int before = 0;
                for (AuditRecord record : rows) {
                    before = bind(insert, before, record);
                }
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Binds a record's columns (but its id) after parameter {@code before}; returns the last parameter bound. */
    private static int bind(PreparedStatement insert, int before, AuditRecord record) throws SQLException {
        int p = before;
        insert.setLong(++p, Nanos.of(record.time()));
        insert.setString(++p, record.action());
        insert.setString(++p, record.path());
        insert.setString(++p, record.newPath());
        setInteger(insert, ++p, record.uid());
        setInteger(insert, ++p, record.pid());
        insert.setString(++p, record.process());
        insert.setString(++p, record.caller());
        insert.setString(++p, record.outcome());
        insert.setString(++p, record.detail());
        return p;
    }

    private static String insert(int rows) {
        String row = "(" + "?, ".repeat(PARAMETERS_PER_ROW - 1) + "?)";
        return "INSERT INTO audit (" + INSERTED + ") VALUES " + String.join(", ", Collections.nCopies(rows, row));
    }

    /**
     * Makes every appended record durable (fsync of the write-ahead log and the database file): appends are committed
     * with {@code synchronous=NORMAL}, which survives a crash of the process but not a power loss until a checkpoint
     * or this.
     *
     * @throws CatalogException when a file cannot be synced or the database is closed
     */
    public void sync() {
        db.sync();
    }

    /** Where the database lives. */
    public Path file() {
        return db.file();
    }

    /**
     * Closes the database (records still to append are the writer's to flush first).
     *
     * @throws CatalogException when a connection could not be closed
     */
    @Override
    public void close() {
        db.close();
    }

    /** The records the query selects, oldest (smallest id) first, at most {@code query.limit()}. */
    public List<AuditRecord> find(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit WHERE id > ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.afterId());
        if (query.path() != null && query.path().endsWith("/")) {
            // Everything below the directory: the byte range [dir/, dir0) ('0' follows '/' in ASCII), so the
            // (path, time) index answers it.
            sql.append(" AND path >= ? AND path < ?");
            parameters.add(query.path());
            parameters.add(query.path().substring(0, query.path().length() - 1) + '0');
        } else if (query.path() != null) {
            sql.append(" AND path = ?");
            parameters.add(query.path());
        }
        if (query.since() != null) {
            sql.append(" AND time >= ?");
            parameters.add(Nanos.of(query.since()));
        }
        if (query.until() != null) {
            sql.append(" AND time < ?");
            parameters.add(Nanos.of(query.until()));
        }
        sql.append(" ORDER BY id LIMIT ?");
        parameters.add(query.limit());
        return db.read(session -> {
            PreparedStatement select = session.prepare(sql.toString());
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            return records(select);
        });
    }

    /**
     * Deletes at most {@code limit} of the records older than {@code before} (one transaction); call again until it
     * returns less than {@code limit}.
     *
     * @return how many were deleted
     */
    public int purgeBefore(Instant before, int limit) {
        return db.write(session -> {
            PreparedStatement delete = session.prepare("DELETE FROM audit WHERE id IN"
                    + " (SELECT id FROM audit WHERE time < ? ORDER BY time LIMIT ?)");
            delete.setLong(1, Nanos.of(before));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        });
    }

    /** The selected records; the select's columns are {@link #COLUMNS}. */
    static List<AuditRecord> records(PreparedStatement select) throws SQLException {
        List<AuditRecord> result = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                result.add(new AuditRecord(rows.getLong(1), Nanos.toInstant(rows.getLong(2)), rows.getString(3),
                        rows.getString(4), rows.getString(5), integer(rows, 6), integer(rows, 7),
                        rows.getString(8), rows.getString(9), rows.getString(10), rows.getString(11)));
            }
        }
        return result;
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static Integer integer(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }
}
