package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's side of reclaim (issue 13): dead bytes per cartridge, the cartridges being reclaimed (table
 * {@code reclaim}, kept across restarts), the live entries of one, the switch of a copied batch to the target, and the
 * end of a formatted source. A live entry is one with a current copy ({@code copy.current = 1}) on the cartridge; the
 * root directory is never one (its metadata rides along on every index write). Thread-safe; errors are
 * {@link CatalogException}.
 */
public final class ReclaimCatalog {
    private static final String LIVE_ROWS = "FROM copy c WHERE c.volume_tag = ? AND c.current = 1 AND c.inode <> "
            + Catalog.ROOT_ID;

    private final CatalogConnections db;
    private final VolumeTable volumes;

    /** @param volumes the cartridges' table, whose writes go through it ({@link VolumeTable#write}) */
    ReclaimCatalog(CatalogConnections db, VolumeTable volumes) {
        this.db = db;
        this.volumes = volumes;
    }

    /** Every cartridge with its used, live and dead bytes and live entries, by volume tag. */
    public List<VolumeUse> volumeUse() {
        return db.read(session -> {
            List<VolumeUse> result = new ArrayList<>();
            try (ResultSet rows = session.prepare("SELECT v.volume_tag, v.state, v.capacity, v.remaining,"
                    + " coalesce((SELECT sum(e.byte_count) FROM extent e JOIN copy c ON c.inode = e.inode"
                    + " AND c.volume_tag = e.volume_tag AND c.current = 1 WHERE e.volume_tag = v.volume_tag), 0),"
                    + " (SELECT count(*) FROM copy c WHERE c.volume_tag = v.volume_tag AND c.current = 1"
                    + " AND c.inode <> " + Catalog.ROOT_ID + "),"
                    + " EXISTS (SELECT 1 FROM write_protected_volume w WHERE w.volume_tag = v.volume_tag)"
                    + " FROM volume v ORDER BY v.volume_tag").executeQuery()) {
                while (rows.next()) {
                    long capacity = rows.getLong(3);
                    result.add(new VolumeUse(rows.getString(1), VolumeState.valueOf(rows.getString(2)), capacity,
                            Math.max(0, capacity - rows.getLong(4)), rows.getLong(5), rows.getInt(6),
                            rows.getBoolean(7)));
                }
            }
            return result;
        });
    }

    /** The use of one cartridge, empty when the catalog does not know it. */
    public Optional<VolumeUse> volumeUse(String volumeTag) {
        return volumeUse().stream().filter(use -> use.volumeTag().equals(volumeTag)).findFirst();
    }

    /** The cartridges being reclaimed, oldest first. */
    public List<ReclaimRecord> reclaims() {
        return db.read(session -> {
            List<ReclaimRecord> result = new ArrayList<>();
            try (ResultSet rows = session.prepare("SELECT volume_tag, since FROM reclaim ORDER BY since, volume_tag")
                    .executeQuery()) {
                while (rows.next()) {
                    result.add(new ReclaimRecord(rows.getString(1), Nanos.toInstant(rows.getLong(2))));
                }
            }
            return result;
        });
    }

    /**
     * Records that a cartridge's reclaim starts now, unless one is recorded for it already.
     *
     * @return whether it was recorded now (false: it was being reclaimed already)
     */
    public boolean start(String volumeTag, Instant now) {
        return db.write(session -> {
            PreparedStatement insert = session.prepare("INSERT OR IGNORE INTO reclaim (volume_tag, since)"
                    + " VALUES (?, ?)");
            insert.setString(1, volumeTag);
            insert.setLong(2, Nanos.of(now));
            return insert.executeUpdate() == 1;
        });
    }

    /** Forgets a cartridge's reclaim (given up on; a formatted one ends with {@link #recordFormatted}). */
    public void end(String volumeTag) {
        db.write(session -> {
            PreparedStatement delete = session.prepare("DELETE FROM reclaim WHERE volume_tag = ?");
            delete.setString(1, volumeTag);
            delete.executeUpdate();
            return null;
        });
    }

    /**
     * Drops the source's copy of every live entry whose current copy another cartridge also holds (the same content:
     * the catalog made them one file): nothing needs copying for it.
     *
     * @return how many entries were released
     */
    public int releaseHeldElsewhere(String source) {
        return db.write(session -> {
            List<Long> held = new ArrayList<>();
            PreparedStatement query = session.prepare("SELECT c.inode " + LIVE_ROWS
                    + " AND EXISTS (SELECT 1 FROM copy o JOIN volume v ON v.volume_tag = o.volume_tag WHERE o.inode = c.inode AND o.current = 1"
                    + " AND o.volume_tag <> c.volume_tag AND v.state = 'LTFS')");
            query.setString(1, source);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    held.add(rows.getLong(1));
                }
            }
            for (long inode : held) {
                dropCopy(session, inode, source);
            }
            return held.size();
        });
    }

    /**
     * The source's live entries in the order to copy them (directories first, then along the tape), up to
     * {@code maxEntries} entries and {@code maxBytes} bytes of extents (at least one entry when any is left).
     */
    public List<LiveEntry> liveEntries(String source, long maxBytes, int maxEntries) {
        return db.read(session -> {
            PreparedStatement query = session.prepare("SELECT c.inode, coalesce(sum(e.byte_count), 0) " + "FROM copy c"
                    + " JOIN inode i ON i.id = c.inode"
                    + " LEFT JOIN extent e ON e.inode = c.inode AND e.volume_tag = c.volume_tag"
                    + " WHERE c.volume_tag = ? AND c.current = 1 AND c.inode <> " + Catalog.ROOT_ID
                    + " GROUP BY c.inode"
                    + " ORDER BY (i.kind = 'DIRECTORY') DESC, min(e.partition), min(e.start_block), c.inode");
            query.setString(1, source);
            List<Long> chosen = new ArrayList<>();
            long bytes = 0;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next() && chosen.size() < maxEntries) {
                    long size = rows.getLong(2);
                    if (!chosen.isEmpty() && bytes + size > maxBytes) {
                        break;
                    }
                    chosen.add(rows.getLong(1));
                    bytes += size;
                }
            }
            List<LiveEntry> result = new ArrayList<>();
            for (long id : chosen) {
                Optional<Inode> inode = InodeQueries.get(session, id);
                Optional<String> path = inode.isEmpty() ? Optional.empty() : InodeQueries.pathOf(session, id);
                if (path.isPresent()) {
                    result.add(new LiveEntry(inode.get(), path.get(), InodeQueries.extents(session, id, source),
                            sha256(session, id, source)));
                }
            }
            return result;
        });
    }

    /** Whether the cartridge holds a current copy of anything (the root aside): a guard before Format. */
    public boolean holdsLive(String volumeTag) {
        return db.read(session -> {
            PreparedStatement query = session.prepare("SELECT 1 " + LIVE_ROWS + " LIMIT 1");
            query.setString(1, volumeTag);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        });
    }

    /**
     * Switches a reclaim batch's entries to their copies on {@code target}, in one transaction, after the controller
     * confirmed data and index there. An entry gets its copy and extents on the target and loses those on the source
     * only when it is unchanged since the batch was built: it still exists, its source copy is still current with the
     * same extents, a file has the same size and modify time, and the SHA-256 written equals the catalog's when both
     * are known. Renamed meanwhile: the target gets a pending rename; attributes changed meanwhile: a pending
     * attributes change. Deleted, or copied with another SHA-256: skipped, and the target gets a pending removal (its
     * index names the path now); rewritten: skipped (dead bytes on the target; the newer version wins when it
     * migrates). A directory sent as an ancestor
     * (no copy on the source) just gets its copy on the target. The same transaction tells whether anything live is
     * left on the source.
     */
    public ReclaimSwitch switchBatch(String source, String target, List<ReclaimCopy> copies, Instant now) {
        return db.write(session -> {
            int switched = 0;
            int renamed = 0;
            int skipped = 0;
            List<String> mismatched = new ArrayList<>();
            for (ReclaimCopy copy : copies) {
                LiveEntry sent = copy.sent();
                long id = sent.inode().id();
                Optional<Inode> current = InodeQueries.get(session, id);
                boolean onSource = isCurrentOn(session, id, source);
                if (current.isEmpty()) {
                    // The target's index names it now: without this row a catalog rebuilt from tapes brings it back.
                    PendingChanges.add(session, target, PendingChange.Kind.DELETE, sent.path(), null, now);
                    skipped++;
                    continue;
                }
                if (current.get().kind() != sent.inode().kind()
                        || !sent.inode().isDirectory() && !onSource) {
                    skipped++;
                    continue;
                }
                Inode found = current.get();
                if (!found.isDirectory() && (found.isDirty() || found.size() != sent.inode().size()
                        || !found.mtime().equals(sent.inode().mtime())
                        || !InodeQueries.extents(session, id, source).equals(sent.extents()))) {
                    skipped++;
                    continue;
                }
                if (sent.sha256() != null && !copy.sha256().isEmpty() && !sent.sha256().equals(copy.sha256())) {
                    mismatched.add(sent.path());
                    PendingChanges.add(session, target, PendingChange.Kind.DELETE, sent.path(), null, now);
                    skipped++;
                    continue;
                }
                dropCopy(session, id, target);
                InodeQueries.insertCopy(session, id, target, found.isDirectory() ? 0 : found.size(), found.mtime(),
                        copy.sha256().isEmpty() ? sent.sha256() : copy.sha256(), true);
                InodeQueries.insertExtents(session, id, target, copy.extents());
                if (onSource) {
                    dropCopy(session, id, source);
                    switched++;
                }
                String path = InodeQueries.pathOf(session, id).orElse(sent.path());
                if (found.parent() != sent.inode().parent() || !found.name().equals(sent.inode().name())) {
                    PendingChanges.add(session, target, PendingChange.Kind.RENAME, sent.path(), path, now);
                    renamed++;
                }
                if (found.changeCounter() != sent.inode().changeCounter()) {
                    PendingChanges.addAttributes(session, target, id, path, now);
                }
            }
            PreparedStatement left = session.prepare("SELECT 1 " + LIVE_ROWS + " LIMIT 1");
            left.setString(1, source);
            boolean empty;
            try (ResultSet rows = left.executeQuery()) {
                empty = !rows.next();
            }
            return new ReclaimSwitch(switched, renamed, skipped, mismatched, empty);
        });
    }

    /**
     * Records that the source was formatted: its remaining rows (older versions' copies and extents, the root's copy)
     * and pending changes are dropped, the volume is recorded as {@code blank} (the scratch pool), and its reclaim
     * ends, in one transaction.
     */
    public void recordFormatted(VolumeRecord blank) {
        volumes.write(session -> {
            for (String sql : List.of("DELETE FROM extent WHERE volume_tag = ?",
                    "DELETE FROM copy WHERE volume_tag = ?",
                    "DELETE FROM pending_change WHERE volume_tag = ?", "DELETE FROM reclaim WHERE volume_tag = ?")) {
                PreparedStatement statement = session.prepare(sql);
                statement.setString(1, blank.volumeTag());
                statement.executeUpdate();
            }
            VolumeTable.upsert(session, blank);
            return null;
        });
    }

    private static boolean isCurrentOn(SqlSession session, long inode, String volumeTag) throws SQLException {
        PreparedStatement query = session.prepare("SELECT 1 FROM copy WHERE inode = ? AND volume_tag = ?"
                + " AND current = 1");
        query.setLong(1, inode);
        query.setString(2, volumeTag);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next();
        }
    }

    private static String sha256(SqlSession session, long inode, String volumeTag) throws SQLException {
        PreparedStatement query = session.prepare("SELECT sha256 FROM copy WHERE inode = ? AND volume_tag = ?");
        query.setLong(1, inode);
        query.setString(2, volumeTag);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static void dropCopy(SqlSession session, long inode, String volumeTag) throws SQLException {
        for (String sql : List.of("DELETE FROM extent WHERE inode = ? AND volume_tag = ?",
                "DELETE FROM copy WHERE inode = ? AND volume_tag = ?")) {
            PreparedStatement statement = session.prepare(sql);
            statement.setLong(1, inode);
            statement.setString(2, volumeTag);
            statement.executeUpdate();
        }
    }
}
