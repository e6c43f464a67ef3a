package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each cartridge's own tree (issue 14, {@code MOUNT/.tapelib/tapes/<volume tag>/}): the entries of the merged tree
 * whose path a cartridge's index holds ({@code copy} rows, one per inode and cartridge, directories included), at
 * their paths in the merged tree, with the size and time of the version that cartridge holds. A path with copies on
 * two cartridges is in both trees, each with its own version's size; an entry whose inode is gone (deleted at the
 * mount) is in none. Reads only, each in one read transaction; errors are {@link CatalogException}. Thread-safe.
 */
public final class VolumeFiles {
    private static final String COPY_OF = "SELECT size, mtime, current FROM copy WHERE inode = ? AND volume_tag = ?";

    private final CatalogConnections db;

    VolumeFiles(CatalogConnections db) {
        this.db = db;
    }

    /**
     * The entries of a directory that the cartridge's index holds, ordered by name (bytes of UTF-8): inodes' own names
     * and further names of hard-linked files. Empty for a directory the cartridge does not hold, a missing one or a
     * file.
     *
     * @param directory the directory's inode id in the merged tree ({@link Catalog#ROOT_ID} for the cartridge's root)
     */
    public List<VolumeFile> children(String volumeTag, long directory) {
        return db.read(session -> {
            Map<Long, Copy> copies = new HashMap<>();
            PreparedStatement statement = session.prepare("SELECT c.inode, c.size, c.mtime, c.current FROM copy c"
                    + " WHERE c.volume_tag = ? AND c.inode IN (SELECT id FROM inode WHERE parent = ?"
                    + " UNION SELECT inode FROM inode_name WHERE parent = ?)");
            statement.setString(1, volumeTag);
            statement.setLong(2, directory);
            statement.setLong(3, directory);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    copies.put(rows.getLong(1), new Copy(rows.getLong(2), rows.getLong(3), rows.getInt(4) == 1));
                }
            }
            if (copies.isEmpty()) {
                return List.of();
            }
            List<VolumeFile> entries = new ArrayList<>(copies.size());
            for (Inode child : InodeQueries.children(session, directory)) {
                Copy copy = copies.get(child.id());
                if (copy != null) {
                    entries.add(copy.of(child, volumeTag));
                }
            }
            return entries;
        });
    }

    /**
     * The entry at an absolute path of the cartridge's tree: every component must be an entry the cartridge's index
     * holds. Empty when one is missing there, or a non-final one is not a directory; also for "/" (the cartridge's
     * root is no entry of its own).
     */
    public Optional<VolumeFile> resolve(String volumeTag, String path) {
        return db.read(session -> {
            long parent = Catalog.ROOT_ID;
            Optional<VolumeFile> current = Optional.empty();
            for (String component : path.split("/")) {
                if (component.isEmpty()) {
                    continue;
                }
                if (current.isPresent() && !current.get().inode().isDirectory()) {
                    return Optional.empty();
                }
                Optional<Inode> entry = InodeQueries.lookup(session, parent, component);
                if (entry.isEmpty()) {
                    return Optional.empty();
                }
                current = copy(session, entry.get(), volumeTag);
                if (current.isEmpty()) {
                    return Optional.empty();
                }
                parent = entry.get().id();
            }
            return current;
        });
    }

    /** How many subdirectories of a directory the cartridge's index holds (its link count is 2 plus this). */
    public long subdirectoryCount(String volumeTag, long directory) {
        return db.read(session -> {
            PreparedStatement statement = session.prepare("SELECT count(*) FROM inode i JOIN copy c ON c.inode = i.id"
                    + " AND c.volume_tag = ? WHERE i.parent = ? AND i.kind = 'DIRECTORY'");
            statement.setString(1, volumeTag);
            statement.setLong(2, directory);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static Optional<VolumeFile> copy(SqlSession session, Inode inode, String volumeTag) throws SQLException {
        PreparedStatement statement = session.prepare(COPY_OF);
        statement.setLong(1, inode.id());
        statement.setString(2, volumeTag);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next()
                    ? Optional.of(new Copy(rows.getLong(1), rows.getLong(2), rows.getInt(3) == 1).of(inode, volumeTag))
                    : Optional.empty();
        }
    }

    /** A copy row: size in bytes, modification time in nanoseconds since the epoch, whether current. */
    private record Copy(long size, long mtimeNanos, boolean current) {
        VolumeFile of(Inode inode, String volumeTag) {
            return new VolumeFile(inode, volumeTag, size, Nanos.toInstant(mtimeNanos), current);
        }
    }
}
