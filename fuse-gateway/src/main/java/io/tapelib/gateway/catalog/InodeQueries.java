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
    /** {@link #COLUMNS} of the inode table named {@code i}; built once: lookups run for every name looked up. */
    private static final String QUALIFIED_COLUMNS = qualifiedColumns();

    private InodeQueries() {
    }

    /**
     * The entry {@code name} of a directory: an inode's own name, or a further name of a file with hard links
     * ({@code inode_name}); the latter is returned with that name's parent and name.
     */
    static Optional<Inode> lookup(SqlSession session, long parent, String name) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT " + COLUMNS + " FROM inode WHERE parent = ? AND name = ?");
        statement.setLong(1, parent);
        statement.setString(2, name);
        Optional<Inode> own = single(statement);
        if (own.isPresent()) {
            return own;
        }
        // Nearly always no further name (a negative lookup before each create): one column read from the primary
        // key's index, the inode's row only when there is one.
        PreparedStatement further = session.prepare("SELECT inode FROM inode_name WHERE parent = ? AND name = ?");
        further.setLong(1, parent);
        further.setString(2, name);
        long id;
        try (ResultSet rows = further.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            id = rows.getLong(1);
        }
        return get(session, id).map(inode -> named(inode, parent, name));
    }

    /** True when a directory has an entry {@code name}: an inode's own name or a further name (one query). */
    static boolean nameTaken(SqlSession session, long parent, String name) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT EXISTS (SELECT 1 FROM inode WHERE parent = ? AND name = ?)"
                + " OR EXISTS (SELECT 1 FROM inode_name WHERE parent = ? AND name = ?)");
        statement.setLong(1, parent);
        statement.setString(2, name);
        statement.setLong(3, parent);
        statement.setString(4, name);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() && rows.getInt(1) != 0;
        }
    }

    /** True when {@code (parent, name)} is one of the further names of a hard-linked file, not an inode's own. */
    static boolean isFurtherName(SqlSession session, long parent, String name) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT 1 FROM inode_name n JOIN inode i ON i.id = n.inode"
                + " WHERE n.parent = ? AND n.name = ?");
        statement.setLong(1, parent);
        statement.setString(2, name);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next();
        }
    }

    /** The number of names of an inode (st_nlink of a non-directory): its own plus its further names. */
    static long nameCount(SqlSession session, long id) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT count(*) FROM inode_name WHERE inode = ?");
        statement.setLong(1, id);
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            return 1 + rows.getLong(1);
        }
    }

    /** The absolute paths of an inode's further names (hard links), ordered by path; empty for most inodes. */
    static List<String> furtherPaths(SqlSession session, long id) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT parent, name FROM inode_name WHERE inode = ?");
        statement.setLong(1, id);
        List<Long> parents = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                parents.add(rows.getLong(1));
                names.add(rows.getString(2));
            }
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Optional<String> directory = pathOf(session, parents.get(i));
            if (directory.isPresent()) {
                paths.add(("/".equals(directory.get()) ? "" : directory.get()) + "/" + names.get(i));
            }
        }
        paths.sort(null);
        return paths;
    }

    /** The device number (Linux makedev encoding) of a character or block device; 0 for other kinds. */
    static long deviceNumber(SqlSession session, long id) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT rdev FROM inode WHERE id = ?");
        statement.setLong(1, id);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    static void setDeviceNumber(SqlSession session, long id, long deviceNumber) throws SQLException {
        PreparedStatement statement = session.prepare("UPDATE inode SET rdev = ? WHERE id = ?");
        statement.setLong(1, deviceNumber);
        statement.setLong(2, id);
        statement.executeUpdate();
    }

    /** Adds a further name of a file (a hard link) in the caller's write transaction. */
    static void insertFurtherName(SqlSession session, long id, long parent, String name) throws SQLException {
        // Rows of inodes deleted by code that does not know this table must not hold the name.
        PreparedStatement stale = session.prepare("DELETE FROM inode_name WHERE parent = ? AND name = ?");
        stale.setLong(1, parent);
        stale.setString(2, name);
        stale.executeUpdate();
        PreparedStatement statement = session.prepare("INSERT INTO inode_name (inode, parent, name) VALUES (?, ?, ?)");
        statement.setLong(1, id);
        statement.setLong(2, parent);
        statement.setString(3, name);
        statement.executeUpdate();
    }

    private static String qualifiedColumns() {
        StringBuilder columns = new StringBuilder();
        for (String column : COLUMNS.split(",")) {
            columns.append(columns.length() == 0 ? "" : ", ").append("i.").append(column.trim());
        }
        return columns.toString();
    }

    private static Inode named(Inode inode, long parent, String name) {
        return new Inode(inode.id(), parent, name, inode.kind(), inode.mode(), inode.uid(), inode.gid(), inode.size(),
                inode.atime(), inode.mtime(), inode.ctime(), inode.crtime(), inode.symlinkTarget(), inode.cacheState(),
                inode.dirtySince(), inode.changeCounter());
    }

    static Optional<Inode> get(SqlSession session, long id) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT " + COLUMNS + " FROM inode WHERE id = ?");
        statement.setLong(1, id);
        return single(statement);
    }

    /** The entries of a directory ordered by name: inodes' own names and further names of hard-linked files. */
    static List<Inode> children(SqlSession session, long directory) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT " + COLUMNS + " FROM inode WHERE parent = ? ORDER BY name");
        statement.setLong(1, directory);
        List<Inode> own = list(statement);
        PreparedStatement further = session.prepare("SELECT " + QUALIFIED_COLUMNS + ", n.name FROM inode_name n"
                + " JOIN inode i ON i.id = n.inode WHERE n.parent = ?");
        further.setLong(1, directory);
        List<Inode> links = new ArrayList<>();
        try (ResultSet rows = further.executeQuery()) {
            while (rows.next()) {
                links.add(named(map(rows), directory, rows.getString(17)));
            }
        }
        if (links.isEmpty()) {
            return own;
        }
        List<Inode> all = new ArrayList<>(own);
        all.addAll(links);
        all.sort(java.util.Comparator.comparing(Inode::name));
        return all;
    }

    static boolean hasChildren(SqlSession session, long directory) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT 1 FROM inode WHERE parent = ?"
                + " UNION ALL SELECT 1 FROM inode_name n JOIN inode i ON i.id = n.inode WHERE n.parent = ? LIMIT 1");
        statement.setLong(1, directory);
        statement.setLong(2, directory);
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
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id");
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
        long id;
        // RETURNING: the new row's id in the insert's own step (SQLite 3.35), not a second query
        try (ResultSet keys = statement.executeQuery()) {
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

    static Inode map(ResultSet rows) throws SQLException {
        long dirtySince = rows.getLong(15);
        Instant dirty = rows.wasNull() ? null : Nanos.toInstant(dirtySince);
        return new Inode(rows.getLong(1), rows.getLong(2), rows.getString(3), FileKind.valueOf(rows.getString(4)),
                rows.getInt(5), rows.getInt(6), rows.getInt(7), rows.getLong(8), Nanos.toInstant(rows.getLong(9)),
                Nanos.toInstant(rows.getLong(10)), Nanos.toInstant(rows.getLong(11)), Nanos.toInstant(rows.getLong(12)),
                rows.getString(13), CacheState.valueOf(rows.getString(14)), dirty, rows.getLong(16));
    }
}
