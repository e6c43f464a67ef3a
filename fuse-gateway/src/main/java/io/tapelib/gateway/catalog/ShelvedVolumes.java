package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cartridges the catalog knows that are shelved (issue 13, "Shelved cartridges"): the library last showed their
 * volume tag in no storage element and no data transfer element (in an import/export element, or out of the library).
 * Their files stay in the tree; only their content cannot be read until the cartridge is imported again. Kept in the
 * catalog ({@code shelved_volume}, schema version 5) so that a gateway restarted while the controller is away still
 * says so, and mirrored in memory so that asking costs no query (the state attribute asks per file).
 *
 * <p>Errors: database failures throw {@link CatalogException}, the memory then unchanged. Thread-safe.
 */
public final class ShelvedVolumes {
    private final CatalogConnections db;
    /** Replaced whole on each change, so that readers see one consistent map without a lock. */
    private volatile Map<String, Instant> shelved;

    ShelvedVolumes(CatalogConnections db) {
        this.db = db;
        this.shelved = db.read(session -> {
            Map<String, Instant> rows = new HashMap<>();
            try (ResultSet result = session.prepare("SELECT volume_tag, since FROM shelved_volume").executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), Nanos.toInstant(result.getLong(2)));
                }
            }
            return Map.copyOf(rows);
        });
    }

    /** Whether no cartridge is shelved (the common case: nothing else need be asked). */
    public boolean none() {
        return shelved.isEmpty();
    }

    /** Whether the cartridge is shelved. */
    public boolean isShelved(String volumeTag) {
        return shelved.containsKey(volumeTag);
    }

    /** Since when the cartridge is shelved; empty when it is not. */
    public Optional<Instant> since(String volumeTag) {
        return Optional.ofNullable(shelved.get(volumeTag));
    }

    /** Every shelved cartridge with the time it was found shelved. */
    public Map<String, Instant> all() {
        return shelved;
    }

    /**
     * Whether content held on these cartridges can only come back by an import: at least one, and all shelved.
     *
     * @param volumeTags the cartridges holding a file's current content ({@link TapeCopies#currentVolumes})
     */
    public boolean allShelved(List<String> volumeTags) {
        Map<String, Instant> now = shelved;
        return !volumeTags.isEmpty() && !now.isEmpty() && volumeTags.stream().allMatch(now::containsKey);
    }

    /**
     * Records cartridges as shelved since {@code since} (those shelved already keep their time), in one transaction.
     *
     * @throws CatalogException when the catalog cannot be written
     */
    public synchronized void shelve(Collection<String> volumeTags, Instant since) {
        if (volumeTags.isEmpty()) {
            return;
        }
        db.write(session -> {
            PreparedStatement insert = session.prepare(
                    "INSERT INTO shelved_volume (volume_tag, since) VALUES (?, ?) ON CONFLICT (volume_tag) DO NOTHING");
            for (String tag : volumeTags) {
                insert.setString(1, tag);
                insert.setLong(2, Nanos.of(since));
                insert.executeUpdate();
            }
            return null;
        });
        Map<String, Instant> next = new HashMap<>(shelved);
        volumeTags.forEach(tag -> next.putIfAbsent(tag, since));
        shelved = Map.copyOf(next);
    }

    /**
     * Records cartridges as back in the library, in one transaction.
     *
     * @throws CatalogException when the catalog cannot be written
     */
    public synchronized void unshelve(Collection<String> volumeTags) {
        if (volumeTags.isEmpty()) {
            return;
        }
        db.write(session -> {
            PreparedStatement delete = session.prepare("DELETE FROM shelved_volume WHERE volume_tag = ?");
            for (String tag : volumeTags) {
                delete.setString(1, tag);
                delete.executeUpdate();
            }
            return null;
        });
        Map<String, Instant> next = new HashMap<>(shelved);
        volumeTags.forEach(next::remove);
        shelved = Map.copyOf(next);
    }
}
