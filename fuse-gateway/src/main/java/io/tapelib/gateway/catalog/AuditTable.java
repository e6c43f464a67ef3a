package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's audit log (issue 14; table {@code audit}, catalog schema 6): batches of records appended in one
 * transaction each, read oldest first by id, and purged by age in small deletes so that the mount's own catalog
 * writes wait for at most one of them. Times are stored as nanoseconds since the epoch. Thread-safe; errors are
 * {@link CatalogException}.
 */
public final class AuditTable {
    private static final String COLUMNS = "id, time, action, path, new_path, uid, pid, process, caller, outcome,"
            + " detail";

    private final CatalogConnections db;

    AuditTable(CatalogConnections db) {
        this.db = db;
    }

    /**
     * Appends records (their ids are ignored: the catalog numbers them in list order) in one transaction.
     *
     * @throws CatalogException when the catalog is closed or the insert fails (then none is stored)
     */
    public void append(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        db.write(session -> {
            PreparedStatement insert = session.prepare("INSERT INTO audit (time, action, path, new_path, uid, pid,"
                    + " process, caller, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            for (AuditRecord record : records) {
                insert.setLong(1, Nanos.of(record.time()));
                insert.setString(2, record.action());
                insert.setString(3, record.path());
                insert.setString(4, record.newPath());
                setInteger(insert, 5, record.uid());
                setInteger(insert, 6, record.pid());
                insert.setString(7, record.process());
                insert.setString(8, record.caller());
                insert.setString(9, record.outcome());
                insert.setString(10, record.detail());
                insert.executeUpdate();
            }
            return null;
        });
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
            List<AuditRecord> result = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.add(new AuditRecord(rows.getLong(1), Nanos.toInstant(rows.getLong(2)), rows.getString(3),
                            rows.getString(4), rows.getString(5), integer(rows, 6), integer(rows, 7),
                            rows.getString(8), rows.getString(9), rows.getString(10), rows.getString(11)));
                }
            }
            return result;
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
