package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Changes of the merged tree made through the mount, each one transaction that checks the POSIX rules first and
 * changes nothing when one fails ({@link NamespaceException} with the errno). A change to what a tape's index
 * shows (delete, rename, attributes of a clean file) also records a {@link PendingChange} for that tape. Changes of
 * a file's content: {@link ContentChanges}.
 */
final class TreeChanges {
    private final CatalogConnections db;
    private final EntryNames names;

    /** @param names the kept names of directories: a name they rule out needs no query to be known free */
    TreeChanges(CatalogConnections db, EntryNames names) {
        this.db = db;
        this.names = names;
    }

    /** A new file is dirty from its creation: it must reach tape even if never written. */
    Inode createFile(long parent, String name, int mode, int uid, int gid, Instant now) {
        return db.write(session -> {
            enterNew(session, parent, name, now);
            return InodeQueries.insert(session, parent, name, FileKind.FILE, mode, uid, gid, 0, now, now, now, now, null,
                    CacheState.DIRTY, now);
        });
    }

    /**
     * A new directory is dirty, as a new file is: it reaches tape through the write-back (a DIRECTORY entry of its
     * own, with its own times) also when it stays empty, and is clean once an index names it.
     */
    Inode mkdir(long parent, String name, int mode, int uid, int gid, Instant now) {
        return db.write(session -> {
            enterNew(session, parent, name, now);
            return InodeQueries.insert(session, parent, name, FileKind.DIRECTORY, mode, uid, gid, 0, now, now, now, now,
                    null, CacheState.DIRTY, now);
        });
    }

    Inode symlink(long parent, String name, String target, int uid, int gid, Instant now) {
        return db.write(session -> {
            enterNew(session, parent, name, now);
            long size = target.getBytes(StandardCharsets.UTF_8).length;
            return InodeQueries.insert(session, parent, name, FileKind.SYMLINK, 0777, uid, gid, size, now, now, now, now,
                    target, CacheState.DIRTY, now);
        });
    }

    /** A FIFO, socket or device node is dirty from its creation, like a symlink: it reaches tape by migration. */
    Inode mknod(long parent, String name, FileKind kind, int mode, long deviceNumber, int uid, int gid, Instant now) {
        if (!kind.isSpecial()) {
            throw new NamespaceException(Errno.EINVAL, "mknod of a " + kind + ": " + name);
        }
        return db.write(session -> {
            enterNew(session, parent, name, now);
            Inode inode = InodeQueries.insert(session, parent, name, kind, mode, uid, gid, 0, now, now, now, now, null,
                    CacheState.DIRTY, now);
            if (kind.isDevice()) {
                InodeQueries.setDeviceNumber(session, inode.id(), deviceNumber);
            }
            return inode;
        });
    }

    /**
     * link(2): {@code name} in {@code parent} becomes a further name of inode {@code id}. Tapes holding the file's
     * current content get a pending LINK (existing path, new path); a dirty file takes its names to tape when it
     * migrates (its change counter rises, so a migration already under way is not recorded).
     */
    Inode link(long id, long parent, String name, Instant now) {
        return db.write(session -> {
            Inode inode = InodeQueries.get(session, id)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no inode " + id));
            if (inode.isDirectory()) {
                throw new NamespaceException(Errno.EPERM, "a directory cannot be hard-linked: " + inode.name());
            }
            checkNewEntry(session, parent, name);
            String existingPath = InodeQueries.pathOf(session, id).orElseThrow();
            InodeQueries.insertFurtherName(session, id, parent, name);
            PreparedStatement change = session.prepare("UPDATE inode SET ctime = ?, change_counter = change_counter + 1"
                    + " WHERE id = ?");
            change.setLong(1, Nanos.of(now));
            change.setLong(2, id);
            change.executeUpdate();
            touchDirectory(session, parent, now);
            if (!inode.isDirty()) {
                String newPath = HardLinks.pathOfName(session, parent, name);
                for (String volume : InodeQueries.volumesOf(session, id, true)) {
                    PendingChanges.add(session, volume, PendingChange.Kind.LINK, existingPath, newPath, now);
                }
            }
            return InodeQueries.lookup(session, parent, name).orElseThrow();
        });
    }

    Inode unlink(long parent, String name, Instant now) {
        return db.write(session -> {
            Inode inode = existing(session, parent, name);
            if (inode.isDirectory()) {
                throw new NamespaceException(Errno.EISDIR, "is a directory: " + name);
            }
            HardLinks.removeName(session, inode, parent, name, now);
            touchDirectory(session, parent, now);
            return inode;
        });
    }

    Inode rmdir(long parent, String name, Instant now) {
        return db.write(session -> {
            Inode inode = existing(session, parent, name);
            if (!inode.isDirectory()) {
                throw new NamespaceException(Errno.ENOTDIR, "not a directory: " + name);
            }
            if (InodeQueries.hasChildren(session, inode.id())) {
                throw new NamespaceException(Errno.ENOTEMPTY, "directory not empty: " + name);
            }
            remove(session, inode, now);
            touchDirectory(session, parent, now);
            return inode;
        });
    }

    /**
     * POSIX rename(2): moves an entry, replacing an existing file (when moving a non-directory) or an empty
     * directory (when moving a directory). Tapes naming the moved inode get a pending RENAME, tapes naming a
     * replaced one a pending DELETE.
     */
    Optional<Inode> rename(long fromParent, String fromName, long toParent, String toName, Instant now) {
        return db.write(session -> {
            Inode source = existing(session, fromParent, fromName);
            Names.check(toName);
            Inode targetDirectory = directory(session, toParent);
            if (source.isDirectory()) {
                for (long ancestor = targetDirectory.id(); ancestor != 0; ) {
                    if (ancestor == source.id()) {
                        throw new NamespaceException(Errno.EINVAL, "cannot move a directory into itself: " + fromName);
                    }
                    ancestor = InodeQueries.get(session, ancestor).map(Inode::parent).orElse(0L);
                }
            }
            Optional<Inode> target = InodeQueries.lookup(session, toParent, toName);
            if (target.isPresent() && target.get().id() == source.id()) {
                return Optional.<Inode>empty();
            }
            if (target.isPresent()) {
                Inode replaced = target.get();
                if (source.isDirectory() && !replaced.isDirectory()) {
                    throw new NamespaceException(Errno.ENOTDIR, "not a directory: " + toName);
                }
                if (!source.isDirectory() && replaced.isDirectory()) {
                    throw new NamespaceException(Errno.EISDIR, "is a directory: " + toName);
                }
                if (replaced.isDirectory() && InodeQueries.hasChildren(session, replaced.id())) {
                    throw new NamespaceException(Errno.ENOTEMPTY, "directory not empty: " + toName);
                }
                if (replaced.isDirectory()) {
                    remove(session, replaced, now);
                } else {
                    HardLinks.removeName(session, replaced, toParent, toName, now);
                }
            }
            String oldPath = HardLinks.pathOfName(session, fromParent, fromName);
            if (InodeQueries.isFurtherName(session, fromParent, fromName)) {
                HardLinks.moveFurtherName(session, source.id(), fromParent, fromName, toParent, toName, now);
            } else {
                PreparedStatement move = session.prepare("UPDATE inode SET parent = ?, name = ?, ctime = ?,"
                        + " change_counter = change_counter + 1 WHERE id = ?");
                move.setLong(1, toParent);
                move.setString(2, toName);
                move.setLong(3, Nanos.of(now));
                move.setLong(4, source.id());
                move.executeUpdate();
            }
            String newPath = HardLinks.pathOfName(session, toParent, toName);
            for (String volume : InodeQueries.volumesOf(session, source.id(), false)) {
                PendingChanges.add(session, volume, PendingChange.Kind.RENAME, oldPath, newPath, now);
            }
            if (!source.isDirty()) {
                // rename(2) changes the moved entry's ctime: the tapes holding its current version show that too.
                for (String volume : InodeQueries.volumesOf(session, source.id(), true)) {
                    PendingChanges.addAttributes(session, volume, source.id(), newPath, now);
                }
            }
            touchDirectory(session, fromParent, now);
            touchDirectory(session, toParent, now);
            return target;
        });
    }

    Inode setMode(long id, int mode, Instant now) {
        return changeAttributes(id, now, "mode = ?", statement -> statement.setInt(1, mode & 07777));
    }

    Inode setOwner(long id, int uid, int gid, Instant now) {
        return changeAttributes(id, now, "uid = CASE WHEN ? < 0 THEN uid ELSE ? END,"
                + " gid = CASE WHEN ? < 0 THEN gid ELSE ? END", statement -> {
            statement.setInt(1, uid);
            statement.setInt(2, uid);
            statement.setInt(3, gid);
            statement.setInt(4, gid);
        });
    }

    Inode setTimes(long id, Instant atime, Instant mtime, Instant now) {
        return changeAttributes(id, now, "atime = coalesce(?, atime), mtime = coalesce(?, mtime)", statement -> {
            InodeQueries.setNullableInstant(statement, 1, atime);
            InodeQueries.setNullableInstant(statement, 2, mtime);
        });
    }

    private Inode changeAttributes(long id, Instant now, String assignments, Binder binder) {
        return db.write(session -> {
            Inode before = InodeQueries.get(session, id)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no inode " + id));
            PreparedStatement statement = session.prepare("UPDATE inode SET " + assignments + ", ctime = ?,"
                    + " change_counter = change_counter + 1 WHERE id = ?");
            binder.bind(statement);
            int next = statement.getParameterMetaData().getParameterCount() - 1;
            statement.setLong(next, Nanos.of(now));
            statement.setLong(next + 1, id);
            statement.executeUpdate();
            if (!before.isDirty()) {
                String path = InodeQueries.pathOf(session, id).orElseThrow();
                for (String volume : InodeQueries.volumesOf(session, id, true)) {
                    PendingChanges.addAttributes(session, volume, id, path, now);
                }
            }
            return InodeQueries.get(session, id).orElseThrow();
        });
    }

    private static void remove(SqlSession session, Inode inode, Instant now) throws SQLException {
        String path = InodeQueries.pathOf(session, inode.id()).orElseThrow();
        for (String volume : InodeQueries.volumesOf(session, inode.id(), false)) {
            PendingChanges.add(session, volume, PendingChange.Kind.DELETE, path, null, now);
        }
        PreparedStatement delete = session.prepare("DELETE FROM inode WHERE id = ?");
        delete.setLong(1, inode.id());
        delete.executeUpdate();
    }

    /**
     * A child created or removed changes the directory's modification and change times: these are its own
     * attributes on tape too. A dirty directory (not on tape yet) stays dirty a write delay longer and its change
     * counter rises, so a migration that read the old times is not recorded; a directory on tape gets a pending
     * ATTRIBUTES row per tape. The root gets no row (it would make every tape due for a sync): its metadata rides
     * along on every index write ({@link PendingChanges}).
     */
    private static void touchDirectory(SqlSession session, long directory, Instant now) throws SQLException {
        if (!touchDirtyDirectory(session, directory, now)) {
            touchDirectory(session, InodeQueries.get(session, directory).orElseThrow(), now);
        }
    }

    /**
     * {@link #touchDirectory(SqlSession, long, Instant)} of a dirty directory in one statement, without reading its
     * row first (a directory made through the mount and filled with new files: the hot path of creates); false, with
     * nothing changed, when {@code directory} is not a dirty directory.
     */
    private static boolean touchDirtyDirectory(SqlSession session, long directory, Instant now) throws SQLException {
        PreparedStatement statement = session.prepare("UPDATE inode SET mtime = ?, ctime = ?,"
                + " dirty_since = CASE WHEN dirty_since IS NULL THEN NULL ELSE ? END,"
                + " change_counter = change_counter + 1 WHERE id = ? AND kind = 'DIRECTORY' AND cache_state = 'DIRTY'");
        statement.setLong(1, Nanos.of(now));
        statement.setLong(2, Nanos.of(now));
        statement.setLong(3, Nanos.of(now));
        statement.setLong(4, directory);
        return statement.executeUpdate() == 1;
    }

    /** {@link #touchDirectory(SqlSession, long, Instant)} with the directory's row read already in this transaction. */
    private static void touchDirectory(SqlSession session, Inode before, Instant now) throws SQLException {
        long directory = before.id();
        PreparedStatement statement = session.prepare("UPDATE inode SET mtime = ?, ctime = ?,"
                + " dirty_since = CASE WHEN dirty_since IS NULL THEN NULL ELSE ? END,"
                + " change_counter = change_counter + 1 WHERE id = ?");
        statement.setLong(1, Nanos.of(now));
        statement.setLong(2, Nanos.of(now));
        statement.setLong(3, Nanos.of(now));
        statement.setLong(4, directory);
        statement.executeUpdate();
        if (!before.isDirty() && directory != Catalog.ROOT_ID) {
            String path = InodeQueries.pathOf(session, directory).orElseThrow();
            for (String volume : InodeQueries.volumesOf(session, directory, true)) {
                PendingChanges.addAttributes(session, volume, directory, path, now);
            }
        }
    }

    private static Inode directory(SqlSession session, long id) throws SQLException {
        Inode inode = InodeQueries.get(session, id)
                .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no directory with inode " + id));
        if (!inode.isDirectory()) {
            throw new NamespaceException(Errno.ENOTDIR, "not a directory: " + inode.name());
        }
        return inode;
    }

    private static Inode existing(SqlSession session, long parent, String name) throws SQLException {
        directory(session, parent);
        return InodeQueries.lookup(session, parent, name)
                .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no such file or directory: " + name));
    }

    /**
     * Checks that {@code parent} is a directory and {@code name} a valid name not taken in it, and touches the
     * directory ({@link #touchDirectory}) for the entry about to be made; a failed check throws and the caller's
     * transaction rolls the touch back.
     */
    private void enterNew(SqlSession session, long parent, String name, Instant now) throws SQLException {
        Names.check(name);
        if (!touchDirtyDirectory(session, parent, now)) {
            touchDirectory(session, directory(session, parent), now);
        }
        // the kept names are the writer's view before this work, which has not entered the name yet
        if (!names.absent(parent, name) && InodeQueries.nameTaken(session, parent, name)) {
            throw new NamespaceException(Errno.EEXIST, "file exists: " + name);
        }
    }

    /** Checks that {@code parent} is a directory and {@code name} a valid name not taken in it. */
    private static void checkNewEntry(SqlSession session, long parent, String name) throws SQLException {
        Names.check(name);
        directory(session, parent);
        if (InodeQueries.nameTaken(session, parent, name)) {
            throw new NamespaceException(Errno.EEXIST, "file exists: " + name);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
