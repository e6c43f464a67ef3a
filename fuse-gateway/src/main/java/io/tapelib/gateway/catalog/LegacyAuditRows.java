package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.util.List;

/**
 * The audit records that gateways before the audit log's own database kept in the catalog's {@code audit} table
 * (catalog schema 6, which still creates it), moved out in batches: each batch is stored in the audit database with its
 * ids, then deleted here, so that a crash between the two repeats the batch harmlessly (the ids are skipped there).
 */
final class LegacyAuditRows {
    private static final int BATCH = 1_000;

    private final CatalogConnections db;

    LegacyAuditRows(CatalogConnections db) {
        this.db = db;
    }

    /**
     * Moves every record into {@code target}.
     *
     * @return how many were moved
     * @throws CatalogException when either database fails (what was moved stays moved)
     */
    long moveTo(AuditTable target) {
        long moved = 0;
        while (true) {
            List<AuditRecord> batch = db.read(session -> {
                PreparedStatement select = session.prepare("SELECT " + AuditTable.COLUMNS
                        + " FROM audit ORDER BY id LIMIT ?");
                select.setInt(1, BATCH);
                return AuditTable.records(select);
            });
            if (batch.isEmpty()) {
                return moved;
            }
            target.appendKeepingIds(batch);
            long last = batch.get(batch.size() - 1).id();
            db.write(session -> {
                PreparedStatement delete = session.prepare("DELETE FROM audit WHERE id <= ?");
                delete.setLong(1, last);
                return delete.executeUpdate();
            });
            moved += batch.size();
        }
    }
}
