package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Merges one tape's LTFS index into the tree inside the caller's write transaction, following the
 * namespace rules of shared/DESIGN.md section 5: a path on several tapes with the same size, modify time and
 * (when both know it) sha256 is one file with several copies; otherwise the newest modify time wins and the
 * other versions stay as non-current copies. Directories merge ({@link ImportedDirectories}). A dirty file (written
 * through the mount) always wins over tape versions. Entries of one link group (hard links) are one inode with several
 * names ({@link LinkGroups}); FIFOs, sockets and device nodes come back as such, with their device numbers.
 * Re-importing a volume first forgets everything that volume contributed ({@link PriorCopies}). The index's root (path
 * {@code ""}) is no child: its metadata goes to the catalog's root when newer ({@link TapeDirectories}). One instance
 * per import.
 */
final class VolumeImporter {
    private static final int MAX_REPORTED_CONFLICTS = 100;

    private final SqlSession session;
    private final String volumeTag;
    private final PriorCopies prior;
    private final ImportedDirectories directories;
    private final LinkGroups linkGroups;
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
        this.prior = new PriorCopies(session, volumeTag);
        this.directories = new ImportedDirectories(session, volumeTag);
        this.linkGroups = new LinkGroups(session);
        this.newFiles = new NewFileRows(session, volumeTag);
    }

    ImportSummary run(Iterator<TapeEntry> index) throws SQLException {
        prior.forget();
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
        added += directories.made() + linkGroups.furtherNames() + newFiles.inserted();
        long removed = prior.removeNoLongerHeld(contentChanged);
        return new ImportSummary(entries, added, copies, superseding, older, conflicts, removed,
                List.copyOf(contentChanged), List.copyOf(conflictPaths));
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
        Long known = directories.id(parentPath);
        if (known != null && directories.created(known) && NewFileRows.accepts(entry) && !directories.contains(path)) {
            mergeOneByOne(newFiles.add(known, name, entry, sizeOf(entry)));
            return;
        }
        flushNewFiles();
        Long parent = directories.resolve(parentPath, entry);
        if (parent == null) {
            conflict(entry.path(), "an ancestor is a file in the merged tree");
            return;
        }
        if (directories.created(parent) && entry.linkGroup().isEmpty() && !directories.contains(path)) {
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
        Long groupInode = linkGroups.inodeOf(entry);
        if (groupInode != null) {
            if (!linkGroups.addName(groupInode, parent, name, existing)) {
                conflict(entry.path(), "names another file in the merged tree than the rest of link group "
                        + entry.linkGroup());
            }
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
                InodeQueries.replaceXattrs(session, id, entry.userXattrs(), true);
            }
            directories.merged(path, id, existing.isEmpty(), entry.modifyTime());
            return;
        }
        if (existing.isEmpty()) {
            Inode inode = insert(parent, name, entry);
            addCopy(inode.id(), entry, true);
            InodeQueries.replaceXattrs(session, inode.id(), entry.userXattrs(), true);
            linkGroups.remember(entry, inode.id());
            return;
        }
        mergeFile(existing.get(), entry);
        linkGroups.remember(entry, existing.get().id());
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
