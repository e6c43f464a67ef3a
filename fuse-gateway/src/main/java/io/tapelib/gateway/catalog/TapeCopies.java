package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which tapes hold which version of a file and where its bytes lie on them ({@code copy} and {@code extent}
 * tables), and the write-back's side of it: the dirty files due, and the record of a confirmed migration or of a
 * directory a tape's index now names. Handed out by {@link Catalog#copies()}.
 *
 * <p>Errors: database failures throw {@link CatalogException}. Thread-safe.
 */
public final class TapeCopies {
    private final CatalogConnections db;

    TapeCopies(CatalogConnections db) {
        this.db = db;
    }

    /**
     * Files, symlinks and directories not on tape yet (content or entry exists only at the mount) that have not
     * changed since {@code changedBefore} (inclusive), oldest change first: what the write-back migrates next.
     */
    public List<Inode> dirtyFiles(Instant changedBefore) {
        return db.read(session -> {
            PreparedStatement statement = session.prepare("SELECT " + InodeQueries.COLUMNS + " FROM inode"
                    + " WHERE dirty_since IS NOT NULL AND dirty_since <= ? ORDER BY dirty_since");
            statement.setLong(1, Nanos.of(changedBefore));
            return InodeQueries.list(statement);
        });
    }

    /**
     * Records that a file was migrated to a tape whose index now names it (DESIGN section 7: confirmed only after
     * data and index are on tape). Applies only if the file did not change since the migration read it (the change
     * counter, compared in the same transaction): then its copy and extents on {@code volumeTag} are replaced, that
     * copy becomes the current one and the file becomes clean. Copies on other tapes stay as non-current versions.
     *
     * @param extents where the bytes now lie on the tape
     * @param sha256  lowercase hex digest of the migrated content, or null
     * @return true when recorded; false when the file changed or vanished meanwhile (it stays dirty)
     */
    public boolean recordMigration(long inode, long changeCounterSeen, String volumeTag, List<ExtentRecord> extents,
                                   String sha256) {
        return db.write(session -> {
            Optional<Inode> current = InodeQueries.get(session, inode);
            if (current.isEmpty() || current.get().changeCounter() != changeCounterSeen) {
                return false;
            }
            for (String sql : List.of("DELETE FROM extent WHERE inode = ? AND volume_tag = ?",
                    "DELETE FROM copy WHERE inode = ? AND volume_tag = ?")) {
                PreparedStatement statement = session.prepare(sql);
                statement.setLong(1, inode);
                statement.setString(2, volumeTag);
                statement.executeUpdate();
            }
            InodeQueries.insertCopy(session, inode, volumeTag, current.get().size(), current.get().mtime(), sha256, true);
            InodeQueries.insertExtents(session, inode, volumeTag, extents);
            PreparedStatement clean = session.prepare("UPDATE inode SET cache_state = 'CLEAN', dirty_since = NULL"
                    + " WHERE id = ?");
            clean.setLong(1, inode);
            clean.executeUpdate();
            return true;
        });
    }

    /**
     * Records that a tape's index now names a directory with the metadata read at {@code changeCounterSeen} (an
     * ancestor of files a batch wrote there): the tape becomes one whose index holds it, so later changes of the
     * directory become pending rows for it. When the directory changed meanwhile the tape gets such a row at once;
     * otherwise a directory new at the mount (dirty) is on tape now and becomes clean.
     * A directory gone meanwhile is left alone (the tape's removal row is recorded by the removal, or the next
     * index write of the catalog's tree names it no more).
     *
     * @return whether a dirty directory became clean: the caller drops its dirty journal, which has no use any more
     */
    public boolean recordDirectory(long inode, long changeCounterSeen, String volumeTag, Instant now) {
        return db.write(session -> {
            Optional<Inode> current = InodeQueries.get(session, inode);
            if (current.isEmpty() || !current.get().isDirectory()) {
                return false;
            }
            InodeQueries.insertCopy(session, inode, volumeTag, 0, current.get().mtime(), null, true);
            if (current.get().changeCounter() != changeCounterSeen) {
                PendingChanges.addAttributes(session, volumeTag, inode,
                        InodeQueries.pathOf(session, inode).orElseThrow(), now);
            } else if (current.get().isDirty()) {
                PreparedStatement clean = session.prepare("UPDATE inode SET cache_state = 'CLEAN', dirty_since = NULL"
                        + " WHERE id = ?");
                clean.setLong(1, inode);
                clean.executeUpdate();
                return true;
            }
            return false;
        });
    }

    /**
     * Where the current content of a file lies on one tape holding it (the first by volume tag), in file-offset
     * order; empty when no tape holds the current content.
     */
    public List<ExtentRecord> currentExtents(long inode) {
        return db.read(session -> {
            List<String> volumes = InodeQueries.volumesOf(session, inode, true);
            return volumes.isEmpty() ? List.of() : InodeQueries.extents(session, inode, volumes.get(0));
        });
    }

    /** Where a file's bytes lie on one tape (its current or an older version), in file-offset order. */
    public List<ExtentRecord> extents(long inode, String volumeTag) {
        return db.read(session -> InodeQueries.extents(session, inode, volumeTag));
    }

    /** Volume tags of the tapes holding the current content of the inode (for a directory: whose index has it). */
    public List<String> currentVolumes(long inode) {
        return db.read(session -> InodeQueries.volumesOf(session, inode, true));
    }

    /** The SHA-256 (lowercase hex) recorded for the current content, if a tape's copy records one. */
    public Optional<String> sha256(long inode) {
        return db.read(session -> {
            PreparedStatement statement = session.prepare("SELECT sha256 FROM copy WHERE inode = ? AND current = 1"
                    + " AND sha256 IS NOT NULL ORDER BY volume_tag LIMIT 1");
            statement.setLong(1, inode);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        });
    }
}
