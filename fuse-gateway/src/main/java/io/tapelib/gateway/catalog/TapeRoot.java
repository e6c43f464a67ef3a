package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Takes the volume root of a tape's index (path {@code ""}) into the catalog's root inside an import's transaction:
 * its mode, owner, access, modification and change times and user extended attributes, which the gateway's put of the
 * mount root carries into every index write. The tape's values win when its root changed later than the catalog's,
 * so that among several tapes the newest wins and a catalog root changed after that tape's last index write keeps
 * its own. A catalog root untouched since the catalog was made (a new or rebuilt catalog: modification and change
 * time still its creation time) always takes them. No pending change is recorded: the values come from tape.
 */
final class TapeRoot {

    private TapeRoot() {
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
        PreparedStatement update = session.prepare("UPDATE inode SET mode = ?, uid = ?, gid = ?, atime = ?, mtime = ?,"
                + " ctime = ? WHERE id = ?");
        update.setInt(1, root.mode() & 07777);
        update.setInt(2, root.uid());
        update.setInt(3, root.gid());
        Instant modified = root.modifyTime() == null ? changed : root.modifyTime();
        update.setLong(4, Nanos.of(root.accessTime() == null ? modified : root.accessTime()));
        update.setLong(5, Nanos.of(modified));
        update.setLong(6, Nanos.of(changed));
        update.setLong(7, Catalog.ROOT_ID);
        update.executeUpdate();
        InodeQueries.replaceXattrs(session, Catalog.ROOT_ID, root.xattrs(), false);
        return true;
    }

    /** The root as the catalog schema creates it: every time its creation time, none changed since. */
    private static boolean untouched(Inode root) {
        return root.ctime().equals(root.crtime()) && root.mtime().equals(root.crtime());
    }
}
