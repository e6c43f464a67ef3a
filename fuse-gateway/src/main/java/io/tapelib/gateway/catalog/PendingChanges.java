package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Metadata changes made through the mount that a tape's index does not show yet ({@link PendingChange}): recorded
 * inside the tree change's own transaction, read per tape as a {@link PendingBatch} and deleted row by row once
 * the index naming them is on tape.
 *
 * <p>The root directory is on every tape, so its time changes are not rows: a row would make every tape due for a
 * metadata sync (loading each one) whenever a file is created at the top. Instead every batch carries the root's
 * current metadata, which rides along on each tape's next index write (and on POST /api/v1/sync).
 */
public final class PendingChanges {
    private static final String COLUMNS = "id, volume_tag, kind, path, new_path, recorded, inode";

    private final CatalogConnections db;

    PendingChanges(CatalogConnections db) {
        this.db = db;
    }

    /** Metadata changes not yet in a tape's index, oldest first. */
    public List<PendingChange> of(String volumeTag) {
        return db.read(session -> {
            PreparedStatement statement = session.prepare("SELECT " + COLUMNS
                    + " FROM pending_change WHERE volume_tag = ? ORDER BY id");
            statement.setString(1, volumeTag);
            return rows(statement);
        });
    }

    /** Forgets a tape's pending changes up to and including {@code upToId}, once its index shows them. */
    public void clear(String volumeTag, long upToId) {
        db.write(session -> {
            PreparedStatement statement = session.prepare("DELETE FROM pending_change WHERE volume_tag = ? AND id <= ?");
            statement.setString(1, volumeTag);
            statement.setLong(2, upToId);
            statement.executeUpdate();
            return null;
        });
    }

    /** Deletes the rows with these ids of one tape (rows recorded since stay). */
    public void delete(String volumeTag, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.write(session -> {
            PreparedStatement statement = session.prepare("DELETE FROM pending_change WHERE volume_tag = ? AND id = ?");
            for (long id : ids) {
                statement.setString(1, volumeTag);
                statement.setLong(2, id);
                statement.executeUpdate();
            }
            return null;
        });
    }

    /** Volume tags with rows, each with the time of its oldest row, ordered by volume tag. */
    public Map<String, Instant> oldestByVolume() {
        return db.read(session -> {
            PreparedStatement statement = session.prepare("SELECT volume_tag, min(recorded) FROM pending_change"
                    + " GROUP BY volume_tag ORDER BY volume_tag");
            Map<String, Instant> result = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), Nanos.toInstant(rows.getLong(2)));
                }
            }
            return result;
        });
    }

    /**
     * The tape's rows as one index write ({@link PendingBatch}), at most {@code limit} changes besides the root's.
     * Runs in a write transaction so that rows, paths and metadata are one consistent state.
     */
    public PendingBatch batch(String volumeTag, int limit) {
        return db.write(session -> {
            PreparedStatement statement = session.prepare("SELECT " + COLUMNS
                    + " FROM pending_change WHERE volume_tag = ? ORDER BY id");
            statement.setString(1, volumeTag);
            List<PendingChange> all = rows(statement);
            List<PendingChange> structural = new ArrayList<>();
            List<PendingChange> attributes = new ArrayList<>();
            for (PendingChange row : all) {
                (row.kind() == PendingChange.Kind.ATTRIBUTES ? attributes : structural).add(row);
            }
            // Coalesced: one put per inode, placed at its last change.
            Map<Object, PendingChange> lastPerEntry = new LinkedHashMap<>();
            for (PendingChange row : attributes) {
                Object key = row.inode() != 0 ? row.inode() : row.path();
                lastPerEntry.remove(key);
                lastPerEntry.put(key, row);
            }
            boolean truncated = structural.size() + lastPerEntry.size() > limit;
            List<PendingChange> sent = new ArrayList<>();
            List<PendingBatch.EntrySnapshot> puts = new ArrayList<>();
            if (truncated) {
                structural = structural.subList(0, Math.min(limit, structural.size()));
                sent.addAll(structural);
            } else {
                sent.addAll(structural);
                sent.addAll(attributes);
                for (PendingChange row : lastPerEntry.values()) {
                    Optional<Inode> inode = row.inode() != 0 ? InodeQueries.get(session, row.inode())
                            : byPath(session, row.path());
                    // Gone since: the removal is a row of its own; nothing to put.
                    if (inode.isPresent()) {
                        snapshot(session, inode.get()).ifPresent(puts::add);
                    }
                }
            }
            PendingBatch.EntrySnapshot root = snapshot(session, InodeQueries.get(session, Catalog.ROOT_ID).orElseThrow())
                    .orElseThrow();
            return new PendingBatch(volumeTag, sent, structural, puts, root, truncated);
        });
    }

    /** The root directory's current metadata (what rides along on every index write). */
    public PendingBatch.EntrySnapshot root() {
        return db.read(session -> snapshot(session, InodeQueries.get(session, Catalog.ROOT_ID).orElseThrow())
                .orElseThrow());
    }

    /** Records a change for {@code volume} in the caller's write transaction. */
    static void add(SqlSession session, String volume, PendingChange.Kind kind, String path, String newPath,
                    Instant now) throws SQLException {
        insert(session, volume, kind, path, newPath, 0, now);
    }

    /**
     * Records that an inode's metadata changed, for {@code volume}, in the caller's write transaction; an earlier
     * row for the same inode and tape is dropped (the put is built from the inode's metadata when it is sent).
     */
    static void addAttributes(SqlSession session, String volume, long inode, String path, Instant now)
            throws SQLException {
        PreparedStatement drop = session.prepare("DELETE FROM pending_change WHERE volume_tag = ? AND kind = ?"
                + " AND inode = ?");
        drop.setString(1, volume);
        drop.setString(2, PendingChange.Kind.ATTRIBUTES.name());
        drop.setLong(3, inode);
        drop.executeUpdate();
        insert(session, volume, PendingChange.Kind.ATTRIBUTES, path, null, inode, now);
    }

    private static void insert(SqlSession session, String volume, PendingChange.Kind kind, String path,
                               String newPath, long inode, Instant now) throws SQLException {
        PreparedStatement statement = session.prepare("INSERT INTO pending_change (volume_tag, kind, path, new_path,"
                + " recorded, inode) VALUES (?, ?, ?, ?, ?, ?)");
        statement.setString(1, volume);
        statement.setString(2, kind.name());
        statement.setString(3, path);
        statement.setString(4, newPath);
        statement.setLong(5, Nanos.of(now));
        if (inode == 0) {
            statement.setNull(6, Types.INTEGER);
        } else {
            statement.setLong(6, inode);
        }
        statement.executeUpdate();
    }

    private static Optional<PendingBatch.EntrySnapshot> snapshot(SqlSession session, Inode inode) throws SQLException {
        Optional<String> path = InodeQueries.pathOf(session, inode.id());
        if (path.isEmpty()) {
            return Optional.empty();
        }
        PreparedStatement statement = session.prepare("SELECT name, value FROM xattr WHERE inode = ? ORDER BY name");
        statement.setLong(1, inode.id());
        List<ExtendedAttribute> xattrs = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                xattrs.add(new ExtendedAttribute(rows.getString(1), rows.getBytes(2)));
            }
        }
        long deviceNumber = inode.kind().isDevice() ? InodeQueries.deviceNumber(session, inode.id()) : 0;
        return Optional.of(new PendingBatch.EntrySnapshot(inode, path.get(), xattrs, deviceNumber));
    }

    private static Optional<Inode> byPath(SqlSession session, String path) throws SQLException {
        long current = Catalog.ROOT_ID;
        for (String name : path.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            Optional<Inode> child = InodeQueries.lookup(session, current, name);
            if (child.isEmpty()) {
                return Optional.empty();
            }
            current = child.get().id();
        }
        return InodeQueries.get(session, current);
    }

    private static List<PendingChange> rows(PreparedStatement statement) throws SQLException {
        List<PendingChange> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                result.add(new PendingChange(rows.getLong(1), rows.getString(2),
                        PendingChange.Kind.valueOf(rows.getString(3)), rows.getString(4), rows.getString(5),
                        Nanos.toInstant(rows.getLong(6)), rows.getLong(7)));
            }
        }
        return result;
    }
}
