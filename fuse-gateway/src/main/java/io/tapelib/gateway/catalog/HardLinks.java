package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The names of files with hard links, inside the caller's write transaction: an inode row keeps one name (its
 * own), {@code inode_name} holds the others. Removing the inode's own name while others remain promotes one of
 * them, so every inode row always names an existing entry.
 */
final class HardLinks {
    private HardLinks() {
    }

    /** The absolute path of directory entry {@code name} in {@code parent}. */
    static String pathOfName(SqlSession session, long parent, String name) throws SQLException {
        String directory = InodeQueries.pathOf(session, parent).orElseThrow();
        return ("/".equals(directory) ? "" : directory) + "/" + name;
    }

    /**
     * Removes one name of a non-directory: tapes naming the inode get a pending DELETE of that path; the inode goes
     * with its last name, otherwise its ctime and change counter move.
     *
     * @return true when the inode itself was removed (its cached object is garbage)
     */
    static boolean removeName(SqlSession session, Inode inode, long parent, String name, Instant now)
            throws SQLException {
        String path = pathOfName(session, parent, name);
        for (String volume : InodeQueries.volumesOf(session, inode.id(), false)) {
            PendingChanges.add(session, volume, PendingChange.Kind.DELETE, path, null, now);
        }
        if (InodeQueries.nameCount(session, inode.id()) == 1) {
            for (String sql : new String[] {"DELETE FROM inode_name WHERE inode = ?", "DELETE FROM inode WHERE id = ?"}) {
                PreparedStatement delete = session.prepare(sql);
                delete.setLong(1, inode.id());
                delete.executeUpdate();
            }
            return true;
        }
        if (!InodeQueries.isFurtherName(session, parent, name)) {
            promoteFurtherName(session, inode.id());
        } else {
            deleteFurtherName(session, parent, name);
        }
        PreparedStatement change = session.prepare("UPDATE inode SET ctime = ?, change_counter = change_counter + 1"
                + " WHERE id = ?");
        change.setLong(1, Nanos.of(now));
        change.setLong(2, inode.id());
        change.executeUpdate();
        return false;
    }

    /** rename(2) of a further name; the caller has removed what stood at the target. */
    static void moveFurtherName(SqlSession session, long id, long fromParent, String fromName, long toParent,
                                String toName, Instant now) throws SQLException {
        PreparedStatement move = session.prepare("UPDATE inode_name SET parent = ?, name = ? WHERE parent = ? AND name = ?");
        move.setLong(1, toParent);
        move.setString(2, toName);
        move.setLong(3, fromParent);
        move.setString(4, fromName);
        move.executeUpdate();
        PreparedStatement change = session.prepare("UPDATE inode SET ctime = ?, change_counter = change_counter + 1"
                + " WHERE id = ?");
        change.setLong(1, Nanos.of(now));
        change.setLong(2, id);
        change.executeUpdate();
    }

    /** The inode's own name is going: the first further name (by rowid) becomes its own. */
    private static void promoteFurtherName(SqlSession session, long id) throws SQLException {
        PreparedStatement first = session.prepare("SELECT parent, name FROM inode_name WHERE inode = ? ORDER BY rowid LIMIT 1");
        first.setLong(1, id);
        long parent;
        String name;
        try (ResultSet rows = first.executeQuery()) {
            if (!rows.next()) {
                throw new CatalogException("inode " + id + " has no further name to promote");
            }
            parent = rows.getLong(1);
            name = rows.getString(2);
        }
        deleteFurtherName(session, parent, name);
        PreparedStatement move = session.prepare("UPDATE inode SET parent = ?, name = ? WHERE id = ?");
        move.setLong(1, parent);
        move.setString(2, name);
        move.setLong(3, id);
        move.executeUpdate();
    }

    private static void deleteFurtherName(SqlSession session, long parent, String name) throws SQLException {
        PreparedStatement delete = session.prepare("DELETE FROM inode_name WHERE parent = ? AND name = ?");
        delete.setLong(1, parent);
        delete.setString(2, name);
        delete.executeUpdate();
    }
}
