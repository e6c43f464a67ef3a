package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Takes a directory's metadata from a tape's index inside an import's transaction, first of all the volume root
 * (path {@code ""}) into the catalog's root:
 * its mode, owner, access, modification and change times and user extended attributes, which the gateway's put of the
 * mount root carries into every index write. The tape's values win when its root changed later than the catalog's,
 * so that among several tapes the newest wins and a catalog root changed after that tape's last index write keeps
 * its own. A catalog root untouched since the catalog was made (a new or rebuilt catalog: modification and change
 * time still its creation time) always takes them. No pending change is recorded: the values come from tape.
 */
final class TapeDirectories {

    private TapeDirectories() {
    }

    /**
     * @param session the import's write transaction
     * @param root    the tape's root entry, a directory
     * @return whether the catalog's root took the tape's values
     * @throws SQLException from the database
     * @throws CatalogException when the catalog has no root
     */
    static boolean take(SqlSession session, TapeEntry root) throws SQLException {
        Inode current = InodeQueries.get(session, Catalog.ROOT_ID)
                .orElseThrow(() -> new CatalogException("the catalog has no root"));
        Instant changed = root.changeTime();
        if (changed == null || !(untouched(current) || changed.isAfter(current.ctime()))) {
            return false;
        }
        takeMetadata(session, Catalog.ROOT_ID, root);
        return true;
    }

    /**
     * A directory another tape already gave the catalog takes this tape's metadata when this tape's entry changed
     * later, unless the directory is dirty (changed at the mount, not yet on tape): among several tapes the newest
     * wins, as for the root.
     *
     * @return whether the directory took the tape's values
     */
    static boolean takeIfNewer(SqlSession session, Inode directory, TapeEntry entry) throws SQLException {
        if (directory.isDirty() || entry.changeTime() == null || !entry.changeTime().isAfter(directory.ctime())) {
            return false;
        }
        takeMetadata(session, directory.id(), entry);
        return true;
    }

    private static void takeMetadata(SqlSession session, long id, TapeEntry entry) throws SQLException {
        Instant changed = entry.changeTime();
        PreparedStatement update = session.prepare("UPDATE inode SET mode = ?, uid = ?, gid = ?, atime = ?, mtime = ?,"
                + " ctime = ? WHERE id = ?");
        update.setInt(1, entry.mode() & 07777);
        update.setInt(2, entry.uid());
        update.setInt(3, entry.gid());
        Instant modified = entry.modifyTime() == null ? changed : entry.modifyTime();
        update.setLong(4, Nanos.of(entry.accessTime() == null ? modified : entry.accessTime()));
        update.setLong(5, Nanos.of(modified));
        update.setLong(6, Nanos.of(changed));
        update.setLong(7, id);
        update.executeUpdate();
        InodeQueries.replaceXattrs(session, id, entry.userXattrs(), false);
    }

    /** The root as the catalog schema creates it: every time its creation time, none changed since. */
    private static boolean untouched(Inode root) {
        return root.ctime().equals(root.crtime()) && root.mtime().equals(root.crtime());
    }
}
