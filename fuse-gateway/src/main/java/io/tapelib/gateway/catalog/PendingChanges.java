package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata changes made through the mount that a tape's index does not show yet ({@link PendingChange}): recorded
 * inside the tree change's own transaction, read and cleared per tape.
 */
final class PendingChanges {
    private final CatalogConnections db;

    PendingChanges(CatalogConnections db) {
        this.db = db;
    }

    List<PendingChange> of(String volumeTag) {
        return db.read(session -> {
            PreparedStatement statement = session.prepare("SELECT id, volume_tag, kind, path, new_path, recorded"
                    + " FROM pending_change WHERE volume_tag = ? ORDER BY id");
            statement.setString(1, volumeTag);
            List<PendingChange> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(new PendingChange(rows.getLong(1), rows.getString(2),
                            PendingChange.Kind.valueOf(rows.getString(3)), rows.getString(4), rows.getString(5),
                            Nanos.toInstant(rows.getLong(6))));
                }
            }
            return result;
        });
    }

    void clear(String volumeTag, long upToId) {
        db.write(session -> {
            PreparedStatement statement = session.prepare("DELETE FROM pending_change WHERE volume_tag = ? AND id <= ?");
            statement.setString(1, volumeTag);
            statement.setLong(2, upToId);
            statement.executeUpdate();
            return null;
        });
    }

    /** Records a change for {@code volume} in the caller's write transaction. */
    static void add(SqlSession session, String volume, PendingChange.Kind kind, String path, String newPath,
                    Instant now) throws SQLException {
        PreparedStatement statement = session.prepare("INSERT INTO pending_change (volume_tag, kind, path, new_path,"
                + " recorded) VALUES (?, ?, ?, ?, ?)");
        statement.setString(1, volume);
        statement.setString(2, kind.name());
        statement.setString(3, path);
        statement.setString(4, newPath);
        statement.setLong(5, Nanos.of(now));
        statement.executeUpdate();
    }
}
