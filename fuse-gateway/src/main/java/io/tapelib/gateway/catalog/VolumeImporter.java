package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Merges one tape's LTFS index into the tree inside the caller's write transaction, following the
 * namespace rules of shared/DESIGN.md section 5: a path on several tapes with the same size, modify time and
 * (when both know it) sha256 is one file with several copies; otherwise the newest modify time wins and the
 * other versions stay as non-current copies. Directories merge. A dirty file (written through the mount)
 * always wins over tape versions. Entries of one link group (hard links) are one inode with several names;
 * FIFOs, sockets and device nodes come back as such, with their device numbers. Re-importing a volume first
 * forgets everything that volume contributed. The index's root (path {@code ""}) is no child: its metadata goes to
 * the catalog's root when newer ({@link TapeDirectories}). One instance per import.
 */
final class VolumeImporter {
    private static final int MAX_REPORTED_CONFLICTS = 100;
    private static final int DEFAULT_DIRECTORY_MODE = 0755;

    private final SqlSession session;
    private final String volumeTag;
    private final Map<String, Long> directoryIds = new HashMap<>();
    // Directories this import created. The index names each path once (the controller refuses one naming it twice),
    // so an entry in one needs no lookup of its name (two queries, over half the import's time), unless it names a
    // directory made for a child (directory()); an insert that still meets the name falls back to the lookup.
    private final Set<Long> createdDirectories = new HashSet<>();
    /** LTFS link group (ltfs.vendor.tapelib.linkgroup, README "On-tape format") to the inode of its first entry. */
    private final Map<String, Long> linkGroups = new HashMap<>();
    private final List<Long> contentChanged = new ArrayList<>();
    private final List<String> conflictPaths = new ArrayList<>();
    /** New files of created directories, inserted many at a time; flushed before any other statement. */
    private final NewFileRows newFiles;
    private long entries;
    private long added;
    private long copies;
    private long superseding;
    private long older;
    private long conflicts;

    VolumeImporter(SqlSession session, String volumeTag) {
        this.session = session;
        this.volumeTag = volumeTag;
        this.newFiles = new NewFileRows(session, volumeTag);
        directoryIds.put("", Catalog.ROOT_ID);
    }

    ImportSummary run(Iterator<TapeEntry> index) throws SQLException {
        forgetPreviousImport();
        while (index.hasNext()) {
            TapeEntry entry = index.next();
            if (trimSlashes(entry.path()).isEmpty()) {
                flushNewFiles();
                root(entry);
                continue;
            }
            entries++;
            merge(entry);
        }
        flushNewFiles();
        added += newFiles.inserted();
        long removed = removeWhatTheTapeNoLongerHolds();
        return new ImportSummary(entries, added, copies, superseding, older, conflicts, removed,
                List.copyOf(contentChanged), List.copyOf(conflictPaths));
    }

    private void forgetPreviousImport() throws SQLException {
        try (Statement statement = session.connection().createStatement()) {
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS prior_copy (inode INTEGER PRIMARY KEY, was_current INTEGER)");
            statement.execute("DELETE FROM prior_copy");
        }
        for (String sql : List.of(
                "INSERT INTO prior_copy (inode, was_current) SELECT inode, current FROM copy WHERE volume_tag = ?",
                "DELETE FROM extent WHERE volume_tag = ?",
                "DELETE FROM copy WHERE volume_tag = ?")) {
            PreparedStatement statement = session.prepare(sql);
            statement.setString(1, volumeTag);
            statement.executeUpdate();
        }
    }

    /** The tape's volume root: its own metadata, never a child of the tree. */
    private void root(TapeEntry entry) throws SQLException {
        if (entry.kind() != FileKind.DIRECTORY) {
            conflict("/", "the volume root is a " + entry.kind() + " on this tape");
            return;
        }
        TapeDirectories.take(session, entry);
    }

    private void merge(TapeEntry entry) throws SQLException {
        String path = trimSlashes(entry.path());
        String problem = pathProblem(path);
        if (problem != null) {
            conflict(entry.path(), problem);
            return;
        }
        int slash = path.lastIndexOf('/');
        String parentPath = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        Long known = directoryIds.get(parentPath);
        if (known != null && createdDirectories.contains(known) && NewFileRows.accepts(entry)
                && !directoryIds.containsKey(path)) {
            mergeOneByOne(newFiles.add(known, name, entry, sizeOf(entry)));
            return;
        }
        flushNewFiles();
        Long parent = directory(parentPath, entry);
        if (parent == null) {
            conflict(entry.path(), "an ancestor is a file in the merged tree");
            return;
        }
        if (createdDirectories.contains(parent) && entry.linkGroup().isEmpty() && !directoryIds.containsKey(path)) {
            try {
                merge(entry, path, parent, name, Optional.empty());
                return;
            } catch (SQLiteException e) {
                if (e.getResultCode() != SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                    throw e;
                }
            }
        }
        merge(entry, path, parent, name, InodeQueries.lookup(session, parent, name));
    }

    private void flushNewFiles() throws SQLException {
        mergeOneByOne(newFiles.flush());
    }

    /** Rows of new files whose insert met a name already taken: merged one by one with what holds the name. */
    private void mergeOneByOne(List<NewFileRows.Row> refused) throws SQLException {
        for (NewFileRows.Row row : refused) {
            merge(row.entry(), trimSlashes(row.entry().path()), row.parent(), row.name(),
                    InodeQueries.lookup(session, row.parent(), row.name()));
        }
    }

    /** Merges an entry whose parent is known, {@code existing} being what the tree holds at its name. */
    private void merge(TapeEntry entry, String path, long parent, String name, Optional<Inode> existing)
            throws SQLException {
        Long groupInode = entry.linkGroup().isEmpty() ? null : linkGroups.get(entry.linkGroup());
        if (groupInode != null) {
            furtherName(groupInode, parent, name, existing, entry);
            return;
        }
        if (existing.isPresent() && existing.get().kind() != entry.kind()) {
            conflict(entry.path(), "is a " + existing.get().kind() + " in the merged tree, a " + entry.kind()
                    + " on this tape");
            return;
        }
        if (entry.kind() == FileKind.DIRECTORY) {
            long id;
            if (existing.isPresent()) {
                id = existing.get().id();
                TapeDirectories.takeIfNewer(session, existing.get(), entry);
            } else {
                id = insert(parent, name, entry).id();
                createdDirectories.add(id);
                InodeQueries.replaceXattrs(session, id, entry.userXattrs(), true);
            }
            InodeQueries.insertCopy(session, id, volumeTag, 0, entry.modifyTime(), null, true);
            directoryIds.put(path, id);
            return;
        }
        if (existing.isEmpty()) {
            Inode inode = insert(parent, name, entry);
            addCopy(inode.id(), entry, true);
            InodeQueries.replaceXattrs(session, inode.id(), entry.userXattrs(), true);
            rememberGroup(entry, inode.id());
            return;
        }
        mergeFile(existing.get(), entry);
        rememberGroup(entry, existing.get().id());
    }

    private void rememberGroup(TapeEntry entry, long inode) {
        if (!entry.linkGroup().isEmpty()) {
            linkGroups.put(entry.linkGroup(), inode);
        }
    }

    /**
     * A further entry of a link group whose first entry this import has merged: one more name of that inode (the
     * extents are the group's, recorded with its first entry).
     */
    private void furtherName(long inode, long parent, String name, Optional<Inode> existing, TapeEntry entry)
            throws SQLException {
        if (existing.isPresent()) {
            if (existing.get().id() != inode) {
                conflict(entry.path(), "names another file in the merged tree than the rest of link group "
                        + entry.linkGroup());
            }
            return;
        }
        added++;
        InodeQueries.insertFurtherName(session, inode, parent, name);
    }

    private void mergeFile(Inode inode, TapeEntry entry) throws SQLException {
        if (!inode.isDirty() && sameContent(inode, entry)) {
            copies++;
            addCopy(inode.id(), entry, true);
            InodeQueries.replaceXattrs(session, inode.id(), entry.userXattrs(), true);
        } else if (!inode.isDirty() && entry.modifyTime().isAfter(inode.mtime())) {
            superseding++;
            PreparedStatement demote = session.prepare("UPDATE copy SET current = 0 WHERE inode = ?");
            demote.setLong(1, inode.id());
            demote.executeUpdate();
            PreparedStatement update = session.prepare("UPDATE inode SET mode = ?, uid = ?, gid = ?, size = ?, atime = ?,"
                    + " mtime = ?, ctime = ?, crtime = ?, symlink = ? WHERE id = ?");
            update.setInt(1, entry.mode() & 07777);
            update.setInt(2, entry.uid());
            update.setInt(3, entry.gid());
            update.setLong(4, sizeOf(entry));
            update.setLong(5, Nanos.of(entry.accessTime()));
            update.setLong(6, Nanos.of(entry.modifyTime()));
            update.setLong(7, Nanos.of(entry.changeTime()));
            update.setLong(8, Nanos.of(entry.creationTime()));
            update.setString(9, entry.symlinkTarget());
            update.setLong(10, inode.id());
            update.executeUpdate();
            if (entry.kind().isDevice()) {
                InodeQueries.setDeviceNumber(session, inode.id(), entry.deviceNumber());
            }
            addCopy(inode.id(), entry, true);
            InodeQueries.replaceXattrs(session, inode.id(), entry.userXattrs(), false);
            contentChanged.add(inode.id());
        } else {
            older++;
            addCopy(inode.id(), entry, false);
        }
    }

    private boolean sameContent(Inode inode, TapeEntry entry) throws SQLException {
        if (inode.size() != sizeOf(entry) || !inode.mtime().equals(entry.modifyTime())
                || !Objects.equals(inode.symlinkTarget(), entry.symlinkTarget())) {
            return false;
        }
        String entrySha = entry.sha256();
        if (entrySha == null) {
            return true;
        }
        PreparedStatement statement = session.prepare("SELECT sha256 FROM copy WHERE inode = ? AND current = 1"
                + " AND sha256 IS NOT NULL");
        statement.setLong(1, inode.id());
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                if (!rows.getString(1).equalsIgnoreCase(entrySha)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void addCopy(long inode, TapeEntry entry, boolean current) throws SQLException {
        InodeQueries.insertCopy(session, inode, volumeTag, sizeOf(entry), entry.modifyTime(), entry.sha256(), current);
        InodeQueries.insertExtents(session, inode, volumeTag, entry.extents());
    }

    /** Inserts the entry's inode: the first write of its merge, so a name already taken changes nothing. */
    private Inode insert(long parent, String name, TapeEntry entry) throws SQLException {
        Inode inode = InodeQueries.insert(session, parent, name, entry.kind(), entry.mode(), entry.uid(), entry.gid(),
                sizeOf(entry), entry.accessTime(), entry.modifyTime(), entry.changeTime(), entry.creationTime(),
                entry.symlinkTarget(), CacheState.CLEAN, null);
        added++;
        if (entry.kind().isDevice()) {
            InodeQueries.setDeviceNumber(session, inode.id(), entry.deviceNumber());
        }
        return inode;
    }

    /**
     * The id of the directory at {@code path}, creating missing ones (an index lists parents before children,
     * but a partial index may not); null when a file stands in the way.
     */
    private Long directory(String path, TapeEntry child) throws SQLException {
        Long known = directoryIds.get(path);
        if (known != null) {
            return known;
        }
        int slash = path.lastIndexOf('/');
        Long parent = directory(slash < 0 ? "" : path.substring(0, slash), child);
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
            added++;
            Instant time = child.modifyTime();
            id = InodeQueries.insert(session, parent, name, FileKind.DIRECTORY, DEFAULT_DIRECTORY_MODE, child.uid(),
                    child.gid(), 0, time, time, time, time, null, CacheState.CLEAN, null).id();
            createdDirectories.add(id);
        }
        InodeQueries.insertCopy(session, id, volumeTag, 0, child.modifyTime(), null, true);
        directoryIds.put(path, id);
        return id;
    }

    /**
     * After a re-import: a file this tape held before but no longer does keeps its place if another tape or the
     * cache holds it (promoting the newest other version when the current one is gone), and is removed
     * otherwise; then empty directories that only this tape held are removed.
     */
    private long removeWhatTheTapeNoLongerHolds() throws SQLException {
        List<Long> orphans = new ArrayList<>();
        PreparedStatement gone = session.prepare("SELECT p.inode FROM prior_copy p JOIN inode i ON i.id = p.inode"
                + " WHERE i.kind <> 'DIRECTORY' AND i.cache_state = 'CLEAN'"
                + " AND NOT EXISTS (SELECT 1 FROM copy c WHERE c.inode = p.inode AND c.current = 1)");
        try (ResultSet rows = gone.executeQuery()) {
            while (rows.next()) {
                orphans.add(rows.getLong(1));
            }
        }
        long removed = 0;
        for (long id : orphans) {
            PreparedStatement newest = session.prepare("SELECT volume_tag, size, mtime FROM copy WHERE inode = ?"
                    + " ORDER BY mtime DESC LIMIT 1");
            newest.setLong(1, id);
            try (ResultSet rows = newest.executeQuery()) {
                if (rows.next()) {
                    promote(id, rows.getString(1), rows.getLong(2), rows.getLong(3));
                    continue;
                }
            }
            PreparedStatement delete = session.prepare("DELETE FROM inode WHERE id = ?");
            delete.setLong(1, id);
            removed += delete.executeUpdate();
            contentChanged.add(id);
        }
        PreparedStatement emptyDirectories = session.prepare("DELETE FROM inode WHERE kind = 'DIRECTORY' AND id <> "
                + Catalog.ROOT_ID + " AND id IN (SELECT inode FROM prior_copy)"
                + " AND NOT EXISTS (SELECT 1 FROM copy c WHERE c.inode = inode.id)"
                + " AND NOT EXISTS (SELECT 1 FROM inode child WHERE child.parent = inode.id)"
                + " AND NOT EXISTS (SELECT 1 FROM inode_name link WHERE link.parent = inode.id)");
        try (Statement statement = session.connection().createStatement()) {
            // Further names (hard links) of the inodes removed above go with them.
            statement.execute("DELETE FROM inode_name WHERE inode NOT IN (SELECT id FROM inode)");
        }
        int deleted;
        do {
            deleted = emptyDirectories.executeUpdate();
            removed += deleted;
        } while (deleted > 0);
        return removed;
    }

    private void promote(long id, String volume, long size, long mtime) throws SQLException {
        PreparedStatement current = session.prepare("UPDATE copy SET current = (size = ? AND mtime = ?) WHERE inode = ?");
        current.setLong(1, size);
        current.setLong(2, mtime);
        current.setLong(3, id);
        current.executeUpdate();
        PreparedStatement update = session.prepare("UPDATE inode SET size = ?, mtime = ? WHERE id = ?");
        update.setLong(1, size);
        update.setLong(2, mtime);
        update.setLong(3, id);
        update.executeUpdate();
        contentChanged.add(id);
    }

    private void conflict(String path, String reason) {
        conflicts++;
        if (conflictPaths.size() < MAX_REPORTED_CONFLICTS) {
            conflictPaths.add(path + ": " + reason);
        }
    }

    private static long sizeOf(TapeEntry entry) {
        return switch (entry.kind()) {
            case DIRECTORY -> 0;
            case SYMLINK -> entry.symlinkTarget() == null ? 0
                    : entry.symlinkTarget().getBytes(StandardCharsets.UTF_8).length;
            case FILE -> entry.length();
            case FIFO, CHARACTER_DEVICE, BLOCK_DEVICE, SOCKET -> 0;
        };
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }

    /** Why a tape path cannot enter the tree, or null when it can (names: LTFS Format Specification 2.4, 7.5). */
    private static String pathProblem(String path) {
        for (String component : path.split("/", -1)) {
            String problem = Names.problem(component);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
