package io.tapelib.gateway.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

/**
 * Creates the catalog's tables on first open and migrates older versions (shared/DESIGN.md section 2).
 * The {@code schema_version} table holds one row; each migration step raises it by one in the same
 * transaction as its DDL. Version 2 adds {@code catalog_identity}: one random UUID made when the table is
 * created, never changed afterwards. Version 3 adds the device number of special files
 * ({@code inode.rdev}) and {@code inode_name}: the further names of a file with hard links (the inode row keeps
 * its first name; a (parent, name) pair is unique across both tables, kept so by {@link TreeChanges}). Version 4
 * adds {@code pending_change.inode}: the inode whose attributes changed, so that the put sent to tape is built from
 * its metadata at send time and repeated changes of one inode coalesce. Version 5 adds {@code shelved_volume}: the
 * cartridges the catalog knows that the library last showed in no storage or data transfer element (exported or
 * taken out), so that their files still say {@code shelved} after a restart while the controller is away; and
 * {@code reclaim}: the cartridges being reclaimed and since when, so that a reclaim goes on after a restart
 * ({@link ReclaimCatalog}). Version 6 adds the audit table and the lookup by content. Version 7 adds
 * {@code write_protected_volume}: the cartridges whose write-protect tab was set at their last load
 * ({@link WriteProtectedVolumes}). Version 8 adds the partial index {@code inode_subdirectory}: a directory's
 * subdirectories, for its link count.
 */
final class CatalogSchema {
    static final int CURRENT_VERSION = 8;

    private static final String[] VERSION_1 = {
        "CREATE TABLE volume (volume_tag TEXT PRIMARY KEY, uuid TEXT, state TEXT NOT NULL, generation INTEGER NOT NULL,"
                + " capacity INTEGER NOT NULL, remaining INTEGER NOT NULL, block_size INTEGER NOT NULL, last_indexed INTEGER)",
        "CREATE TABLE inode (id INTEGER PRIMARY KEY AUTOINCREMENT, parent INTEGER NOT NULL, name TEXT NOT NULL,"
                + " kind TEXT NOT NULL, mode INTEGER NOT NULL, uid INTEGER NOT NULL, gid INTEGER NOT NULL,"
                + " size INTEGER NOT NULL, atime INTEGER NOT NULL, mtime INTEGER NOT NULL, ctime INTEGER NOT NULL,"
                + " crtime INTEGER NOT NULL, symlink TEXT, cache_state TEXT NOT NULL, dirty_since INTEGER,"
                + " change_counter INTEGER NOT NULL DEFAULT 0, UNIQUE (parent, name))",
        "CREATE INDEX inode_dirty ON inode (dirty_since) WHERE dirty_since IS NOT NULL",
        // One row per (inode, tape) whose index holds the path; current = the tape holds the content the tree shows.
        "CREATE TABLE copy (inode INTEGER NOT NULL REFERENCES inode (id) ON DELETE CASCADE, volume_tag TEXT NOT NULL,"
                + " size INTEGER NOT NULL, mtime INTEGER NOT NULL, sha256 TEXT, current INTEGER NOT NULL,"
                + " PRIMARY KEY (inode, volume_tag))",
        "CREATE INDEX copy_volume ON copy (volume_tag)",
        "CREATE TABLE extent (inode INTEGER NOT NULL REFERENCES inode (id) ON DELETE CASCADE, volume_tag TEXT NOT NULL,"
                + " partition INTEGER NOT NULL, start_block INTEGER NOT NULL, byte_offset INTEGER NOT NULL,"
                + " byte_count INTEGER NOT NULL, file_offset INTEGER NOT NULL)",
        "CREATE INDEX extent_inode ON extent (inode, volume_tag, file_offset)",
        "CREATE INDEX extent_volume ON extent (volume_tag)",
        "CREATE TABLE xattr (inode INTEGER NOT NULL REFERENCES inode (id) ON DELETE CASCADE, name TEXT NOT NULL,"
                + " value BLOB NOT NULL, PRIMARY KEY (inode, name))",
        "CREATE TABLE pending_change (id INTEGER PRIMARY KEY AUTOINCREMENT, volume_tag TEXT NOT NULL, kind TEXT NOT NULL,"
                + " path TEXT NOT NULL, new_path TEXT, recorded INTEGER NOT NULL)",
        "CREATE INDEX pending_change_volume ON pending_change (volume_tag, id)",
    };

    private static final String[] VERSION_3 = {
        "ALTER TABLE inode ADD COLUMN rdev INTEGER NOT NULL DEFAULT 0",
        "CREATE TABLE inode_name (inode INTEGER NOT NULL REFERENCES inode (id) ON DELETE CASCADE,"
                + " parent INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (parent, name))",
        "CREATE INDEX inode_name_inode ON inode_name (inode)",
    };

    private CatalogSchema() {
    }

    /** Brings the database to {@link #CURRENT_VERSION}; the connection must not be in auto-commit mode. */
    static void migrate(Connection connection, Instant now) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int version = 0;
            try (ResultSet rows = statement.executeQuery("SELECT version FROM schema_version")) {
                if (rows.next()) {
                    version = rows.getInt(1);
                } else {
                    statement.execute("INSERT INTO schema_version (version) VALUES (0)");
                }
            }
            if (version > CURRENT_VERSION) {
                throw new CatalogException("catalog schema version " + version + " is newer than this gateway's "
                        + CURRENT_VERSION + "; refusing to open it");
            }
            if (version < 1) {
                for (String ddl : VERSION_1) {
                    statement.execute(ddl);
                }
                long nanos = Nanos.of(now);
                statement.execute("INSERT INTO inode (id, parent, name, kind, mode, uid, gid, size, atime, mtime, ctime,"
                        + " crtime, cache_state) VALUES (" + Catalog.ROOT_ID + ", 0, '', 'DIRECTORY', 493, 0, 0, 0, "
                        + nanos + ", " + nanos + ", " + nanos + ", " + nanos + ", 'CLEAN')");
                statement.execute("UPDATE schema_version SET version = 1");
            }
            if (version < 2) {
                // The catalog's identity: the cache directory records it, so that a cache is never taken for the
                // content of another (or a rebuilt) catalog whose inode ids mean other files (shared/DESIGN.md 7).
                statement.execute("CREATE TABLE catalog_identity (uuid TEXT NOT NULL)");
                statement.execute("INSERT INTO catalog_identity (uuid) VALUES ('" + UUID.randomUUID() + "')");
                statement.execute("UPDATE schema_version SET version = 2");
            }
            if (version < 3) {
                for (String ddl : VERSION_3) {
                    statement.execute(ddl);
                }
                statement.execute("UPDATE schema_version SET version = 3");
            }
            if (version < 4) {
                // Additive: rows recorded before keep a NULL inode and are resolved by path when sent.
                statement.execute("ALTER TABLE pending_change ADD COLUMN inode INTEGER");
                statement.execute("CREATE INDEX pending_change_inode ON pending_change (volume_tag, kind, inode)");
                statement.execute("UPDATE schema_version SET version = 4");
            }
            if (version < 5) {
                // Additive: no cartridge is shelved until the library says so (ShelvedVolumes), none reclaimed until chosen.
                statement.execute("CREATE TABLE IF NOT EXISTS shelved_volume (volume_tag TEXT PRIMARY KEY,"
                        + " since INTEGER NOT NULL)");
                statement.execute("CREATE TABLE IF NOT EXISTS reclaim (volume_tag TEXT PRIMARY KEY,"
                        + " since INTEGER NOT NULL)");
                statement.execute("UPDATE schema_version SET version = 5");
            }
            if (version < 6) {
                // Additive (issue 14): the audit log (written in batches off the FUSE thread, kept AUDIT_RETENTION;
                // times in nanoseconds since the epoch; outcome "ok" or the errno's name) and the lookup of every
                // path with one content (GET /api/v1/files/by-sha256/{hex}). The audit log has since moved to a
                // database of its own (AuditTable): this table stays empty; its rows are moved there at start.
                statement.execute("CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " time INTEGER NOT NULL, action TEXT NOT NULL, path TEXT, new_path TEXT, uid INTEGER,"
                        + " pid INTEGER, process TEXT, caller TEXT, outcome TEXT NOT NULL, detail TEXT)");
                statement.execute("CREATE INDEX IF NOT EXISTS audit_time ON audit (time)");
                statement.execute("CREATE INDEX IF NOT EXISTS audit_path ON audit (path, time)");
                statement.execute("CREATE INDEX IF NOT EXISTS copy_sha256 ON copy (sha256) WHERE sha256 IS NOT NULL");
                statement.execute("UPDATE schema_version SET version = 6");
            }
            if (version < 7) {
                // Additive: no cartridge is known write protected until a load shows its tab set.
                statement.execute("CREATE TABLE IF NOT EXISTS write_protected_volume (volume_tag TEXT PRIMARY KEY,"
                        + " since INTEGER NOT NULL)");
                statement.execute("UPDATE schema_version SET version = 7");
            }
            if (version < 8) {
                // Additive (issue 12): a directory's link count (getattr: 2 + its subdirectories) counted from the
                // subdirectories alone, not from every entry of the directory. The kernel asks for the parent's
                // attributes at nearly every create in it, so without this index creating the n-th file of a
                // directory read n rows: creating a directory of 1,000 files read half a million.
                statement.execute("CREATE INDEX IF NOT EXISTS inode_subdirectory ON inode (parent, kind)"
                        + " WHERE kind = 'DIRECTORY'");
                statement.execute("UPDATE schema_version SET version = 8");
            }
        }
        connection.commit();
    }

    /**
     * The catalog's identity (the row version 2 made).
     *
     * @throws CatalogException when the row is missing
     */
    static String identity(SqlSession session, Path dbFile) throws SQLException {
        try (ResultSet rows = session.prepare("SELECT uuid FROM catalog_identity").executeQuery()) {
            if (!rows.next()) {
                throw new CatalogException("catalog " + dbFile + " has no identity row");
            }
            return rows.getString(1);
        }
    }
}
