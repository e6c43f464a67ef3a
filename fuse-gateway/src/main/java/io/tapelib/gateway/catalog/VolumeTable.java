package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cartridges the catalog knows ({@code volume} table), their capacity totals, and the import of their indexes.
 *
 * <p>Every transaction that writes the table goes through {@link #write}, which drops the remembered largest capacity
 * once it has committed: the largest capacity changes only when a cartridge's row is written (catalogued, its index
 * merged again, migrated to, formatted; rows are never deleted), and every write through the mount asks for it.
 */
final class VolumeTable {
    private static final String VOLUME_SELECT = "SELECT volume_tag, uuid, state, generation, capacity, remaining,"
            + " block_size, last_indexed FROM volume";

    private final CatalogConnections db;
    /** Write transactions on the table finished so far: a remembered capacity read before the last one is stale. */
    private final AtomicLong writes = new AtomicLong();
    /**
     * The last largest capacity read, with the count of writes before its read began. A field rather than a Caffeine
     * cache: Caffeine leaves undefined an invalidation that meets a load in flight, and a load that read the table
     * before a commit must not outlive it.
     */
    private volatile RememberedCapacity largest;

    private record RememberedCapacity(long writesBefore, OptionalLong bytes) {
    }

    VolumeTable(CatalogConnections db) {
        this.db = db;
    }

    List<VolumeRecord> all() {
        return db.read(session -> {
            List<VolumeRecord> result = new ArrayList<>();
            try (ResultSet rows = session.prepare(VOLUME_SELECT + " ORDER BY volume_tag").executeQuery()) {
                while (rows.next()) {
                    result.add(map(rows));
                }
            }
            return result;
        });
    }

    Optional<VolumeRecord> get(String volumeTag) {
        return db.read(session -> {
            PreparedStatement statement = session.prepare(VOLUME_SELECT + " WHERE volume_tag = ?");
            statement.setString(1, volumeTag);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        });
    }

    void upsert(VolumeRecord volume) {
        write(session -> {
            upsert(session, volume);
            return null;
        });
    }

    /**
     * One write transaction that may change cartridges' rows ({@link #upsert(SqlSession, VolumeRecord)}); the largest
     * capacity is read anew after it, committed or not.
     */
    <T> T write(SqlWork<T> work) {
        try {
            return db.write(work);
        } finally {
            writes.incrementAndGet();
        }
    }

    /**
     * Upserts the volume and merges its index in one transaction (shared/DESIGN.md section 5, {@link VolumeImporter}):
     * same path, size and modify time on several tapes is one file with several copies; otherwise the newest modify
     * time wins and older versions stay as non-current copies; directories merge; a dirty file keeps its local
     * content. Importing the same volume again replaces what it contributed.
     */
    ImportSummary importVolume(VolumeRecord volume, Iterator<TapeEntry> entries) {
        return write(session -> {
            upsert(session, volume);
            return new VolumeImporter(session, volume.volumeTag()).run(entries);
        });
    }

    /** The largest data partition capacity of any cartridge, bytes (empty when none is known), remembered. */
    OptionalLong largestCapacity() {
        long writesBefore = writes.get();
        RememberedCapacity remembered = largest;
        if (remembered != null && remembered.writesBefore() == writesBefore) {
            return remembered.bytes();
        }
        OptionalLong bytes = queryLargestCapacity();
        largest = new RememberedCapacity(writesBefore, bytes);
        return bytes;
    }

    private OptionalLong queryLargestCapacity() {
        return db.read(session -> {
            try (ResultSet rows = session.prepare("SELECT max(capacity) FROM volume WHERE capacity > 0").executeQuery()) {
                rows.next();
                long largest = rows.getLong(1);
                return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(largest);
            }
        });
    }

    LibraryCapacity capacity() {
        return db.read(session -> {
            try (ResultSet rows = session.prepare("SELECT coalesce(sum(capacity), 0), coalesce(sum(remaining), 0)"
                    + " FROM volume WHERE state IN ('LTFS', 'BLANK')").executeQuery()) {
                rows.next();
                return new LibraryCapacity(rows.getLong(1), rows.getLong(2));
            }
        });
    }

    private static VolumeRecord map(ResultSet rows) throws SQLException {
        long lastIndexed = rows.getLong(8);
        Instant indexed = rows.wasNull() ? null : Nanos.toInstant(lastIndexed);
        return new VolumeRecord(rows.getString(1), rows.getString(2), VolumeState.valueOf(rows.getString(3)),
                rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7), indexed);
    }

    static void upsert(SqlSession session, VolumeRecord volume) throws SQLException {
        PreparedStatement statement = session.prepare("INSERT INTO volume (volume_tag, uuid, state, generation, capacity,"
                + " remaining, block_size, last_indexed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (volume_tag) DO UPDATE"
                + " SET uuid = excluded.uuid, state = excluded.state, generation = excluded.generation,"
                + " capacity = excluded.capacity, remaining = excluded.remaining, block_size = excluded.block_size,"
                + " last_indexed = excluded.last_indexed");
        statement.setString(1, volume.volumeTag());
        statement.setString(2, volume.uuid());
        statement.setString(3, volume.state().name());
        statement.setLong(4, volume.generation());
        statement.setLong(5, volume.capacityBytes());
        statement.setLong(6, volume.remainingBytes());
        statement.setLong(7, volume.blockSize());
        InodeQueries.setNullableInstant(statement, 8, volume.lastIndexed());
        statement.executeUpdate();
    }
}
