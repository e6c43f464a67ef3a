package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Users' extended attributes set and removed through the mount ({@code xattr} table), each one transaction: names
 * as the mount shows them, values byte for byte. A change of a clean entry records a pending ATTRIBUTES change for
 * every tape holding its current copy, as chmod does; a dirty entry takes its attributes to tape when it migrates.
 * Handed out by {@link Catalog#xattrChanges()}; reads go through {@link Catalog#xattrs(long)}.
 *
 * <p>Errors: database failures throw {@link CatalogException}. Thread-safe.
 */
public final class XattrChanges {
    private final CatalogConnections db;

    XattrChanges(CatalogConnections db) {
        this.db = db;
    }

    /**
     * Sets one extended attribute (setxattr(2)), named as the mount shows it ({@code user.x}); the value is kept byte
     * for byte. {@code mustExist} / {@code mustNotExist} are XATTR_REPLACE / XATTR_CREATE. Like chmod: ctime and the
     * change counter move, tapes with current copies of a clean entry get a pending ATTRIBUTES.
     *
     * @return the inode after the change
     * @throws NamespaceException ENOENT (inode gone), EEXIST (XATTR_CREATE, present), ENODATA (XATTR_REPLACE,
     *                            absent)
     */
    public Inode set(long id, String name, byte[] value, boolean mustNotExist, boolean mustExist, Instant now) {
        return db.write(session -> {
            Inode before = InodeQueries.get(session, id)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no inode " + id));
            boolean present = hasXattr(session, id, name);
            if (present && mustNotExist) {
                throw new NamespaceException(Errno.EEXIST, "attribute exists: " + name);
            }
            if (!present && mustExist) {
                throw new NamespaceException(Errno.ENODATA, "no attribute " + name);
            }
            PreparedStatement upsert = session.prepare("INSERT OR REPLACE INTO xattr (inode, name, value) VALUES (?, ?, ?)");
            upsert.setLong(1, id);
            upsert.setString(2, name);
            upsert.setBytes(3, value);
            upsert.executeUpdate();
            return metadataChanged(session, before, now);
        });
    }

    /**
     * Removes one extended attribute (removexattr(2)), as {@link #set} changes one.
     *
     * @return the inode after the change
     * @throws NamespaceException ENOENT (inode gone), ENODATA (absent)
     */
    public Inode remove(long id, String name, Instant now) {
        return db.write(session -> {
            Inode before = InodeQueries.get(session, id)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no inode " + id));
            PreparedStatement delete = session.prepare("DELETE FROM xattr WHERE inode = ? AND name = ?");
            delete.setLong(1, id);
            delete.setString(2, name);
            if (delete.executeUpdate() == 0) {
                throw new NamespaceException(Errno.ENODATA, "no attribute " + name);
            }
            return metadataChanged(session, before, now);
        });
    }

    private static Inode metadataChanged(SqlSession session, Inode before, Instant now) throws SQLException {
        PreparedStatement statement = session.prepare("UPDATE inode SET ctime = ?, change_counter = change_counter + 1"
                + " WHERE id = ?");
        statement.setLong(1, Nanos.of(now));
        statement.setLong(2, before.id());
        statement.executeUpdate();
        if (!before.isDirty()) {
            String path = InodeQueries.pathOf(session, before.id()).orElseThrow();
            for (String volume : InodeQueries.volumesOf(session, before.id(), true)) {
                PendingChanges.add(session, volume, PendingChange.Kind.ATTRIBUTES, path, null, now);
            }
        }
        return InodeQueries.get(session, before.id()).orElseThrow();
    }

    private static boolean hasXattr(SqlSession session, long id, String name) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT 1 FROM xattr WHERE inode = ? AND name = ?");
        statement.setLong(1, id);
        statement.setString(2, name);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next();
        }
    }
}
