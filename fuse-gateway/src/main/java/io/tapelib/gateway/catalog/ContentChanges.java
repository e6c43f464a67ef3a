package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Changes of a file's content made through the mount, each one transaction: its size and times after writes or a
 * truncate, and its mark "dirty" before its cached object changes. A changed file is dirty (its content must reach
 * tape) and its tape copies stop being current; its change counter rises, so a migration that read the file before
 * the change is not recorded (shared/DESIGN.md section 7).
 */
public final class ContentChanges {
    /**
     * The SET part every content change shares after the size: times, dirty since now, counter up. The change time
     * never goes back: writes recorded at the commit carry their own time, and a chmod, chown or rename between the
     * close and the commit changed the file later.
     */
    private static final String CHANGED = ", mtime = ?, ctime = max(ctime, ?), dirty_since = ?,"
            + " change_counter = change_counter + 1";

    /**
     * Files one transaction of {@link #recordWrites} records at most. The catalog's write lock is free between two, so
     * the mount's own changes are not held up behind a whole commit interval of closed files: a create through the
     * mount waits for that lock, and recording the files a create benchmark closed between two records took about
     * 150 ms in one transaction (profile, issue 12): a stall of every create each time.
     */
    static final int RECORD_CHUNK = 1_000;

    private final CatalogConnections db;

    ContentChanges(CatalogConnections db) {
        this.db = db;
    }

    /**
     * Writes reaching {@code endOffset} (bytes) at {@code now}: the size grows to it at least, mtime is {@code now}
     * and ctime {@code now} unless a later change set it.
     *
     * @return the row as changed
     * @throws NamespaceException ENOENT when there is no inode {@code id}, EISDIR when it is a directory
     */
    Inode recordWrite(long id, long endOffset, Instant now) {
        return changeContent(id, now, "size = max(size, ?)", endOffset);
    }

    /**
     * A truncate to {@code size} bytes at {@code now}.
     *
     * @return the row as changed
     * @throws NamespaceException ENOENT when there is no inode {@code id}, EISDIR when it is a directory
     */
    Inode setSize(long id, long size, Instant now) {
        return changeContent(id, now, "size = ?", size);
    }

    /**
     * The catalog and the dirty journal say "dirty" before a cached object changes (shared/DESIGN.md section 7), so
     * a crash never shows half-written bytes as a clean copy of the tape's. Size and times stay as they are; the
     * change counter rises, so a migration that read the file before this call is not recorded; tape copies stop
     * being current.
     *
     * @throws NamespaceException ENOENT when there is no inode {@code id}, EISDIR when it is a directory
     */
    Inode markDirty(long id, Instant now) {
        return db.write(session -> {
            Inode before = existingNonDirectory(session, id);
            PreparedStatement statement = session.prepare("UPDATE inode SET cache_state = 'DIRTY', dirty_since = ?,"
                    + " change_counter = change_counter + 1 WHERE id = ?");
            statement.setLong(1, Nanos.of(now));
            statement.setLong(2, id);
            statement.executeUpdate();
            if (!before.isDirty()) {
                demoteCopies(session, id);
            }
            return InodeQueries.get(session, id).orElseThrow();
        });
    }

    /** Writes of one file not yet recorded, for {@link #recordWrites}: reaching {@code end} bytes, the last at {@code mtime}. */
    public record Written(long inode, long end, Instant mtime) {
    }

    /**
     * Records the writes of many files (the periodic commit, unmount), each as {@link #recordWrite} does, in
     * transactions of at most {@link #RECORD_CHUNK} files: one commit per thousand files instead of one per file
     * closed.
     *
     * @return the rows as changed, in the order given; files removed meanwhile (or directories) are left out
     * @throws CatalogException when an update fails: the transactions before it stay committed (recording a write
     *                          again changes nothing but its change counter), its own and the later ones record nothing
     */
    public List<Inode> recordWrites(List<Written> writes) {
        List<Inode> rows = new ArrayList<>(writes.size());
        for (int from = 0; from < writes.size(); from += RECORD_CHUNK) {
            List<Written> chunk = writes.subList(from, Math.min(writes.size(), from + RECORD_CHUNK));
            rows.addAll(db.write(session -> {
                List<Inode> changed = new ArrayList<>(chunk.size());
                for (Written write : chunk) {
                    try {
                        changed.add(changeIn(session, write.inode(), write.mtime(), "size = max(size, ?)", write.end()));
                    } catch (NamespaceException e) {
                        // removed (or not a file) meanwhile: nothing to record; the others still are
                    }
                }
                return changed;
            }));
        }
        return rows;
    }

    private Inode changeContent(long id, Instant now, String sizeAssignment, long size) {
        return db.write(session -> changeIn(session, id, now, sizeAssignment, size));
    }

    private static Inode changeIn(SqlSession session, long id, Instant now, String sizeAssignment, long size)
            throws SQLException {
        // The hot path (a file already dirty: every record of writes to a file written through the mount) is one
        // statement; a row not dirty yet, a directory or a missing inode is read first, as its errors and copies
        // need.
        Optional<Inode> changed = update(session, id, now, sizeAssignment, size, "",
                " AND cache_state = 'DIRTY' AND kind <> 'DIRECTORY'");
        if (changed.isPresent()) {
            return changed.get();
        }
        Inode before = existingNonDirectory(session, id);
        Inode after = update(session, id, now, sizeAssignment, size, ", cache_state = 'DIRTY'", "").orElseThrow();
        if (!before.isDirty()) {
            demoteCopies(session, id);
        }
        return after;
    }

    /**
     * One {@code UPDATE ... RETURNING} of a content change (RETURNING: the row as changed, without a second query;
     * SQLite 3.35): {@code sizeAssignment} with its one parameter {@code size}, the times, plus {@code moreSet} in
     * the SET part and {@code moreWhere} after {@code id = ?}; empty when no row matched.
     */
    private static Optional<Inode> update(SqlSession session, long id, Instant now, String sizeAssignment, long size,
            String moreSet, String moreWhere) throws SQLException {
        long nanos = Nanos.of(now);
        PreparedStatement statement = session.prepare("UPDATE inode SET " + sizeAssignment + CHANGED + moreSet
                + " WHERE id = ?" + moreWhere + " RETURNING " + InodeQueries.COLUMNS);
        statement.setLong(1, size);
        statement.setLong(2, nanos);
        statement.setLong(3, nanos);
        statement.setLong(4, nanos);
        statement.setLong(5, id);
        return InodeQueries.single(statement);
    }

    private static Inode existingNonDirectory(SqlSession session, long id) throws SQLException {
        Inode inode = InodeQueries.get(session, id)
                .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no inode " + id));
        if (inode.isDirectory()) {
            throw new NamespaceException(Errno.EISDIR, "is a directory: inode " + id);
        }
        return inode;
    }

    private static void demoteCopies(SqlSession session, long id) throws SQLException {
        PreparedStatement demote = session.prepare("UPDATE copy SET current = 0 WHERE inode = ? AND current = 1");
        demote.setLong(1, id);
        demote.executeUpdate();
    }
}
