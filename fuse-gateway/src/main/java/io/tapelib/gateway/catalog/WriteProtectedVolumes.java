package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The cartridges whose write-protect tab was set at their last load, as the controller reported it
 * ({@code Volume.write_protected} of the mount event). Nothing can be written to such a cartridge: a reclaim would copy
 * its files away and then be refused the format that frees its space, so {@code tiering.ReclaimPolicy} never chooses
 * one, and write-back does not name one as a directory's cartridge. The tab is only seen while the cartridge is in a
 * drive, so a cartridge not loaded since its tab changed keeps its last known state. Kept in the catalog
 * ({@code write_protected_volume}, schema version 7) so that a restart remembers it, and mirrored in memory.
 *
 * <p>Errors: database failures throw {@link CatalogException}, the memory then unchanged. Thread-safe.
 */
public final class WriteProtectedVolumes {
    private final CatalogConnections db;
    /** Replaced whole on each change, so that readers see one consistent map without a lock. */
    private volatile Map<String, Instant> writeProtected;

    WriteProtectedVolumes(CatalogConnections db) {
        this.db = db;
        this.writeProtected = db.read(session -> {
            Map<String, Instant> rows = new HashMap<>();
            try (ResultSet result = session.prepare("SELECT volume_tag, since FROM write_protected_volume")
                    .executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), Nanos.toInstant(result.getLong(2)));
                }
            }
            return Map.copyOf(rows);
        });
    }

    /** Whether the cartridge's tab was set at its last load. */
    public boolean isWriteProtected(String volumeTag) {
        return writeProtected.containsKey(volumeTag);
    }

    /**
     * Records what a load showed of the cartridge's tab (a cartridge seen protected before keeps its first time).
     *
     * @param volumeTag      the cartridge
     * @param isProtected    whether its write-protect tab is set
     * @param seen           when the load showed it
     * @return whether the recorded state changed
     * @throws CatalogException when the catalog cannot be written
     */
    public synchronized boolean record(String volumeTag, boolean isProtected, Instant seen) {
        if (isProtected == writeProtected.containsKey(volumeTag)) {
            return false;
        }
        db.write(session -> {
            PreparedStatement statement = isProtected
                    ? session.prepare("INSERT INTO write_protected_volume (volume_tag, since) VALUES (?, ?)"
                            + " ON CONFLICT (volume_tag) DO NOTHING")
                    : session.prepare("DELETE FROM write_protected_volume WHERE volume_tag = ?");
            statement.setString(1, volumeTag);
            if (isProtected) {
                statement.setLong(2, Nanos.of(seen));
            }
            statement.executeUpdate();
            return null;
        });
        Map<String, Instant> next = new HashMap<>(writeProtected);
        if (isProtected) {
            next.put(volumeTag, seen);
        } else {
            next.remove(volumeTag);
        }
        writeProtected = Map.copyOf(next);
        return true;
    }
}
