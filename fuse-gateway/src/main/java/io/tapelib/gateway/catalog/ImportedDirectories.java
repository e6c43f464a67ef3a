package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The directories of one volume import by their path on the tape (no leading or trailing slash; the volume root is
 * {@code ""}): each one's inode id in the merged tree, which of them the import created, and a copy row on the volume
 * for each. A directory the index does not list before its children (a partial index) is created with
 * {@link #DEFAULT_DIRECTORY_MODE} and its first child's owner and modification time. One instance per import, used by
 * its thread.
 */
final class ImportedDirectories {
    /** Mode of a directory made for a child the index lists without its directory. */
    static final int DEFAULT_DIRECTORY_MODE = 0755;

    private final SqlSession session;
    private final String volumeTag;
    private final Map<String, Long> ids = new HashMap<>();
    // Directories this import created. The index names each path once (the controller refuses one naming it twice),
    // so an entry in one needs no lookup of its name (two queries, over half the import's time), unless it names a
    // directory made for a child (resolve()); an insert that still meets the name falls back to the lookup.
    private final Set<Long> created = new HashSet<>();
    private long made;

    /**
     * @param session   the import's write transaction
     * @param volumeTag the volume being imported
     */
    ImportedDirectories(SqlSession session, String volumeTag) {
        this.session = session;
        this.volumeTag = volumeTag;
        ids.put("", Catalog.ROOT_ID);
    }

    /** The inode id of the directory at {@code path} this import met already, or null. */
    Long id(String path) {
        return ids.get(path);
    }

    /** Whether this import met a directory at {@code path}. */
    boolean contains(String path) {
        return ids.containsKey(path);
    }

    /** Whether this import created the directory {@code id} (its entries need no lookup of their names). */
    boolean created(long id) {
        return created.contains(id);
    }

    /**
     * Records the volume's copy of the directory {@code id} at {@code path}, the index's entry for it having been
     * merged.
     *
     * @param created whether the merge inserted the directory
     * @param mtime   the entry's modification time
     * @throws SQLException from the database
     */
    void merged(String path, long id, boolean created, Instant mtime) throws SQLException {
        if (created) {
            this.created.add(id);
        }
        InodeQueries.insertCopy(session, id, volumeTag, 0, mtime, null, true);
        ids.put(path, id);
    }

    /**
     * The id of the directory at {@code path}, creating missing ones (an index lists parents before children, but a
     * partial index may not); null when a file stands in the way.
     *
     * @param child the entry whose parent is asked for: the owner and time of directories made for it
     * @throws SQLException from the database
     */
    Long resolve(String path, TapeEntry child) throws SQLException {
        Long known = ids.get(path);
        if (known != null) {
            return known;
        }
        int slash = path.lastIndexOf('/');
        Long parent = resolve(slash < 0 ? "" : path.substring(0, slash), child);
        if (parent == null) {
            return null;
        }
        String name = path.substring(slash + 1);
        Optional<Inode> existing = InodeQueries.lookup(session, parent, name);
        long id;
        if (existing.isPresent()) {
            if (!existing.get().isDirectory()) {
                return null;
            }
            id = existing.get().id();
        } else {
            made++;
            Instant time = child.modifyTime();
            id = InodeQueries.insert(session, parent, name, FileKind.DIRECTORY, DEFAULT_DIRECTORY_MODE, child.uid(),
                    child.gid(), 0, time, time, time, time, null, CacheState.CLEAN, null).id();
        }
        merged(path, id, existing.isEmpty(), child.modifyTime());
        return id;
    }

    /** How many directories {@link #resolve} inserted (not listed by the index themselves). */
    long made() {
        return made;
    }
}
