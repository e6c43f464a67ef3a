package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads of the merged tree: inodes by name, id or path, listings, counts and extended attributes. */
final class TreeLookups {
    private final CatalogConnections db;
    private final EntryNames names;
    private final DirectoryRows directories;

    /**
     * @param names       the names of directories, kept up to date by the writer ({@link EntryNames})
     * @param directories the rows of directories and their subdirectory counts, kept alike ({@link DirectoryRows})
     */
    TreeLookups(CatalogConnections db, EntryNames names, DirectoryRows directories) {
        this.db = db;
        this.names = names;
        this.directories = directories;
    }

    /**
     * The entry {@code name} of a directory. A name its directory's kept names rule out is absent without a query;
     * after a query found nothing on the writer connection, that directory's names are kept from then on (the next
     * lookup there is most likely the next file a program creates).
     */
    Optional<Inode> lookup(long parent, String name) {
        if (names.absent(parent, name)) {
            return Optional.empty();
        }
        return db.readByKey(session -> {
            Optional<Inode> found = InodeQueries.lookup(session, parent, name);
            if (found.isEmpty() && session.writer()) {
                names.keep(session, parent);
            }
            return found;
        });
    }

    /** A row by id; a directory's from those kept when it is kept, and kept when read on the writer. */
    Optional<Inode> get(long id) {
        Optional<Inode> kept = directories.row(id);
        if (kept.isPresent()) {
            return kept;
        }
        return db.readByKey(session -> {
            Optional<Inode> row = InodeQueries.get(session, id);
            if (row.isPresent() && session.writer()) {
                directories.keepRow(row.get());
            }
            return row;
        });
    }

    /** Walks the path from the root in one read transaction, so a concurrent rename cannot mix two trees. */
    Optional<Inode> resolve(String path) {
        return db.read(session -> {
            Optional<Inode> current = InodeQueries.get(session, Catalog.ROOT_ID);
            for (String component : path.split("/")) {
                if (component.isEmpty()) {
                    continue;
                }
                if (current.isEmpty() || !current.get().isDirectory()) {
                    return Optional.empty();
                }
                current = InodeQueries.lookup(session, current.get().id(), component);
            }
            return current;
        });
    }

    Optional<String> pathOf(long id) {
        return db.readByKey(session -> InodeQueries.pathOf(session, id));
    }

    List<Inode> children(long directory) {
        return db.read(session -> InodeQueries.children(session, directory));
    }

    /**
     * The directory's subdirectories: a count over the partial index {@code inode_subdirectory} (schema version 8),
     * which holds directories only, so its cost grows with the subdirectories, not with the files beside them; on
     * the writer's warm page cache ({@link CatalogConnections#readByKey}), as getattr asks at nearly every create.
     */
    long subdirectoryCount(long directory) {
        OptionalLong kept = directories.subdirectories(directory);
        if (kept.isPresent()) {
            return kept.getAsLong();
        }
        return db.readByKey(session -> {
            PreparedStatement statement = session.prepare("SELECT count(*) FROM inode WHERE parent = ? AND kind = 'DIRECTORY'");
            statement.setLong(1, directory);
            long count;
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                count = rows.getLong(1);
            }
            if (session.writer()) {
                directories.keepSubdirectories(directory, count);
            }
            return count;
        });
    }

    long inodeCount() {
        return db.read(session -> {
            try (ResultSet rows = session.prepare("SELECT count(*) FROM inode").executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    long nameCount(long id) {
        return db.readByKey(session -> InodeQueries.nameCount(session, id));
    }

    List<String> furtherPaths(long id) {
        return db.read(session -> InodeQueries.furtherPaths(session, id));
    }

    long deviceNumber(long id) {
        return db.readByKey(session -> InodeQueries.deviceNumber(session, id));
    }

    List<ExtendedAttribute> xattrs(long inode) {
        return db.read(session -> {
            PreparedStatement statement = session.prepare("SELECT name, value FROM xattr WHERE inode = ? ORDER BY name");
            statement.setLong(1, inode);
            List<ExtendedAttribute> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(new ExtendedAttribute(rows.getString(1), rows.getBytes(2)));
                }
            }
            return result;
        });
    }

    List<Inode> dirtyEntriesUnder(long id) {
        return db.read(session -> {
            PreparedStatement statement = session.prepare("WITH RECURSIVE subtree (id) AS (SELECT ?"
                    + " UNION ALL SELECT inode.id FROM inode JOIN subtree ON inode.parent = subtree.id)"
                    + " SELECT " + InodeQueries.COLUMNS + " FROM inode WHERE id IN (SELECT id FROM subtree)"
                    + " AND dirty_since IS NOT NULL ORDER BY id");
            statement.setLong(1, id);
            return InodeQueries.list(statement);
        });
    }
}
