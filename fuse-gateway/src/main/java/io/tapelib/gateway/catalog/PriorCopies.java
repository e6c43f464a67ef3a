package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a volume held before its import (a re-import), in the connection's temporary table {@code prior_copy}: the
 * import first forgets every copy and extent of that volume ({@link #forget}), merges the index, and then settles the
 * files and directories the tape no longer holds ({@link #removeNoLongerHeld}). Used inside the import's write
 * transaction, by its thread.
 */
final class PriorCopies {
    private final SqlSession session;
    private final String volumeTag;

    /**
     * @param session   the import's write transaction
     * @param volumeTag the volume being imported
     */
    PriorCopies(SqlSession session, String volumeTag) {
        this.session = session;
        this.volumeTag = volumeTag;
    }

    /**
     * Notes which inodes had a copy on the volume (and whether it was current), then deletes the volume's copies and
     * extents: the import adds back what its index still holds.
     *
     * @throws SQLException from the database
     */
    void forget() throws SQLException {
        try (Statement statement = session.connection().createStatement()) {
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS prior_copy (inode INTEGER PRIMARY KEY, was_current INTEGER)");
            statement.execute("DELETE FROM prior_copy");
        }
        for (String sql : List.of(
                "INSERT INTO prior_copy (inode, was_current) SELECT inode, current FROM copy WHERE volume_tag = ?",
                "DELETE FROM extent WHERE volume_tag = ?",
                "DELETE FROM copy WHERE volume_tag = ?")) {
            PreparedStatement statement = session.prepare(sql);
            statement.setString(1, volumeTag);
            statement.executeUpdate();
        }
    }

    /**
     * After the merge: a file this tape held before but no longer does keeps its place if another tape or the cache
     * holds it (promoting the newest other version when the current one is gone), and is removed otherwise; then
     * empty directories that only this tape held are removed.
     *
     * @param contentChanged where the ids of files promoted or removed are added
     * @return how many inodes were removed
     * @throws SQLException from the database
     */
    long removeNoLongerHeld(List<Long> contentChanged) throws SQLException {
        List<Long> orphans = new ArrayList<>();
        PreparedStatement gone = session.prepare("SELECT p.inode FROM prior_copy p JOIN inode i ON i.id = p.inode"
                + " WHERE i.kind <> 'DIRECTORY' AND i.cache_state = 'CLEAN'"
                + " AND NOT EXISTS (SELECT 1 FROM copy c WHERE c.inode = p.inode AND c.current = 1)");
        try (ResultSet rows = gone.executeQuery()) {
            while (rows.next()) {
                orphans.add(rows.getLong(1));
            }
        }
        long removed = 0;
        for (long id : orphans) {
            PreparedStatement newest = session.prepare("SELECT volume_tag, size, mtime FROM copy WHERE inode = ?"
                    + " ORDER BY mtime DESC LIMIT 1");
            newest.setLong(1, id);
            try (ResultSet rows = newest.executeQuery()) {
                if (rows.next()) {
                    promote(id, rows.getString(1), rows.getLong(2), rows.getLong(3));
                    contentChanged.add(id);
                    continue;
                }
            }
            PreparedStatement delete = session.prepare("DELETE FROM inode WHERE id = ?");
            delete.setLong(1, id);
            removed += delete.executeUpdate();
            contentChanged.add(id);
        }
        PreparedStatement emptyDirectories = session.prepare("DELETE FROM inode WHERE kind = 'DIRECTORY' AND id <> "
                + Catalog.ROOT_ID + " AND id IN (SELECT inode FROM prior_copy)"
                + " AND NOT EXISTS (SELECT 1 FROM copy c WHERE c.inode = inode.id)"
                + " AND NOT EXISTS (SELECT 1 FROM inode child WHERE child.parent = inode.id)"
                + " AND NOT EXISTS (SELECT 1 FROM inode_name link WHERE link.parent = inode.id)");
        try (Statement statement = session.connection().createStatement()) {
            // Further names (hard links) of the inodes removed above go with them.
            statement.execute("DELETE FROM inode_name WHERE inode NOT IN (SELECT id FROM inode)");
        }
        int deleted;
        do {
            deleted = emptyDirectories.executeUpdate();
            removed += deleted;
        } while (deleted > 0);
        return removed;
    }

    /** Makes the newest remaining copy the file's version: its size and modification time. */
    private void promote(long id, String volume, long size, long mtime) throws SQLException {
        PreparedStatement current = session.prepare("UPDATE copy SET current = (size = ? AND mtime = ?) WHERE inode = ?");
        current.setLong(1, size);
        current.setLong(2, mtime);
        current.setLong(3, id);
        current.executeUpdate();
        PreparedStatement update = session.prepare("UPDATE inode SET size = ?, mtime = ? WHERE id = ?");
        update.setLong(1, size);
        update.setLong(2, mtime);
        update.setLong(3, id);
        update.executeUpdate();
    }
}
