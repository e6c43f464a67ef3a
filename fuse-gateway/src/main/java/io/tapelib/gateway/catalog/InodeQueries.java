package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The inode, copy and extent queries shared by the catalog's read and write paths and the volume importer. */
final class InodeQueries {
    static final String COLUMNS = "id, parent, name, kind, mode, uid, gid, size, atime, mtime, ctime, crtime, symlink,"
            + " cache_state, dirty_since, change_counter";

    private InodeQueries() {
    }

    static Optional<Inode> lookup(SqlSession session, long parent, String name) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT " + COLUMNS + " FROM inode WHERE parent = ? AND name = ?");
        statement.setLong(1, parent);
        statement.setString(2, name);
        return single(statement);
    }

    static Optional<Inode> get(SqlSession session, long id) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT " + COLUMNS + " FROM inode WHERE id = ?");
        statement.setLong(1, id);
        return single(statement);
    }

    static List<Inode> children(SqlSession session, long directory) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT " + COLUMNS + " FROM inode WHERE parent = ? ORDER BY name");
        statement.setLong(1, directory);
        return list(statement);
    }

    static boolean hasChildren(SqlSession session, long directory) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT 1 FROM inode WHERE parent = ? LIMIT 1");
        statement.setLong(1, directory);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next();
        }
    }

    /** The absolute path of an inode ("/" for the root), or empty when it or an ancestor no longer exists. */
    static Optional<String> pathOf(SqlSession session, long id) throws SQLException {
        List<String> names = new ArrayList<>();
        long current = id;
        while (current != Catalog.ROOT_ID) {
            Optional<Inode> inode = get(session, current);
            if (inode.isEmpty()) {
                return Optional.empty();
            }
            names.add(inode.get().name());
            current = inode.get().parent();
        }
        StringBuilder path = new StringBuilder();
        for (int i = names.size() - 1; i >= 0; i--) {
            path.append('/').append(names.get(i));
        }
        return Optional.of(path.length() == 0 ? "/" : path.toString());
    }

    /** Inserts an inode and returns it with its new id. */
    static Inode insert(SqlSession session, long parent, String name, FileKind kind, int mode, int uid, int gid,
                        long size, Instant atime, Instant mtime, Instant ctime, Instant crtime, String symlink,
                        CacheState state, Instant dirtySince) throws SQLException {
        PreparedStatement statement = session.prepare("INSERT INTO inode (parent, name, kind, mode, uid, gid, size, atime,"
                + " mtime, ctime, crtime, symlink, cache_state, dirty_since, change_counter)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
        statement.setLong(1, parent);
        statement.setString(2, name);
        statement.setString(3, kind.name());
        statement.setInt(4, mode & 07777);
        statement.setInt(5, uid);
        statement.setInt(6, gid);
        statement.setLong(7, size);
        statement.setLong(8, Nanos.of(atime));
        statement.setLong(9, Nanos.of(mtime));
        statement.setLong(10, Nanos.of(ctime));
        statement.setLong(11, Nanos.of(crtime));
        statement.setString(12, symlink);
        statement.setString(13, state.name());
        setNullableInstant(statement, 14, dirtySince);
        statement.executeUpdate();
        long id;
        try (ResultSet keys = session.prepare("SELECT last_insert_rowid()").executeQuery()) {
            keys.next();
            id = keys.getLong(1);
        }
        return new Inode(id, parent, name, kind, mode & 07777, uid, gid, size, atime, mtime, ctime, crtime, symlink,
                state, dirtySince, 0);
    }

    static void insertCopy(SqlSession session, long inode, String volumeTag, long size, Instant mtime, String sha256,
                           boolean current) throws SQLException {
        PreparedStatement statement = session.prepare("INSERT OR REPLACE INTO copy (inode, volume_tag, size, mtime, sha256,"
                + " current) VALUES (?, ?, ?, ?, ?, ?)");
        statement.setLong(1, inode);
        statement.setString(2, volumeTag);
        statement.setLong(3, size);
        statement.setLong(4, Nanos.of(mtime));
        statement.setString(5, sha256);
        statement.setInt(6, current ? 1 : 0);
        statement.executeUpdate();
    }

    static void insertExtents(SqlSession session, long inode, String volumeTag, List<ExtentRecord> extents)
            throws SQLException {
        if (extents.isEmpty()) {
            return;
        }
        PreparedStatement statement = session.prepare("INSERT INTO extent (inode, volume_tag, partition, start_block,"
                + " byte_offset, byte_count, file_offset) VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (ExtentRecord extent : extents) {
            statement.setLong(1, inode);
            statement.setString(2, volumeTag);
            statement.setInt(3, extent.partition());
            statement.setLong(4, extent.startBlock());
            statement.setLong(5, extent.byteOffset());
            statement.setLong(6, extent.byteCount());
            statement.setLong(7, extent.fileOffset());
            statement.executeUpdate();
        }
    }

    static List<ExtentRecord> extents(SqlSession session, long inode, String volumeTag) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT partition, start_block, byte_offset, byte_count, file_offset"
                + " FROM extent WHERE inode = ? AND volume_tag = ? ORDER BY file_offset");
        statement.setLong(1, inode);
        statement.setString(2, volumeTag);
        List<ExtentRecord> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                result.add(new ExtentRecord(rows.getInt(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                        rows.getLong(5)));
            }
        }
        return result;
    }

    /** Volume tags whose index holds the inode's path; {@code currentOnly} keeps those holding the current content. */
    static List<String> volumesOf(SqlSession session, long inode, boolean currentOnly) throws SQLException {
        PreparedStatement statement = session.prepare(currentOnly
                ? "SELECT volume_tag FROM copy WHERE inode = ? AND current = 1 ORDER BY volume_tag"
                : "SELECT volume_tag FROM copy WHERE inode = ? ORDER BY volume_tag");
        statement.setLong(1, inode);
        List<String> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                result.add(rows.getString(1));
            }
        }
        return result;
    }

    static void replaceXattrs(SqlSession session, long inode, List<ExtendedAttribute> xattrs, boolean keepExisting)
            throws SQLException {
        if (!keepExisting) {
            PreparedStatement delete = session.prepare("DELETE FROM xattr WHERE inode = ?");
            delete.setLong(1, inode);
            delete.executeUpdate();
        }
        if (xattrs.isEmpty()) {
            return;
        }
        PreparedStatement insert = session.prepare("INSERT OR IGNORE INTO xattr (inode, name, value) VALUES (?, ?, ?)");
        for (ExtendedAttribute attribute : xattrs) {
            insert.setLong(1, inode);
            insert.setString(2, attribute.name());
            insert.setBytes(3, attribute.value());
            insert.executeUpdate();
        }
    }

    static Optional<Inode> single(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(map(rows)) : Optional.empty();
        }
    }

    static List<Inode> list(PreparedStatement statement) throws SQLException {
        List<Inode> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                result.add(map(rows));
            }
        }
        return result;
    }

    static void setNullableInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, Nanos.of(instant));
        }
    }

    private static Inode map(ResultSet rows) throws SQLException {
        long dirtySince = rows.getLong(15);
        Instant dirty = rows.wasNull() ? null : Nanos.toInstant(dirtySince);
        return new Inode(rows.getLong(1), rows.getLong(2), rows.getString(3), FileKind.valueOf(rows.getString(4)),
                rows.getInt(5), rows.getInt(6), rows.getInt(7), rows.getLong(8), Nanos.toInstant(rows.getLong(9)),
                Nanos.toInstant(rows.getLong(10)), Nanos.toInstant(rows.getLong(11)), Nanos.toInstant(rows.getLong(12)),
                rows.getString(13), CacheState.valueOf(rows.getString(14)), dirty, rows.getLong(16));
    }
}
