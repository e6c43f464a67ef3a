package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gateway's SQLite catalog (shared/DESIGN.md sections 2, 5 and 9): cartridges, the merged tree, where
 * each file's bytes lie on which tape, which files are dirty, and metadata changes not yet on tape.
 *
 * <p>One writer connection guarded by a lock (SQLite allows one writer; serialising in the JVM avoids
 * SQLITE_BUSY), and a small pool of read-only connections: in WAL mode readers never block the writer and
 * always see the last committed transaction. Times are stored as nanoseconds since the epoch.
 *
 * <p>Errors: database failures throw {@link CatalogException}; a change that breaks a POSIX rule throws
 * {@link NamespaceException} with the errno the mount returns (ENOENT, ENOTDIR, EEXIST, EISDIR, ENOTEMPTY,
 * EINVAL, ENAMETOOLONG), and changes nothing. Thread-safe.
 */
public final class Catalog implements AutoCloseable {
    /** Inode id of the root directory. */
    public static final long ROOT_ID = 1;

    private static final Logger LOG = Logger.getLogger(Catalog.class.getName());
    private static final int READERS = 4;
    /** How long a reader waits for a free connection before checking again whether the catalog was closed. */
    private static final long READER_POLL_MILLIS = 200;
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final Path dbFile;
    private final Clock clock;
    private final SqlSession writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<SqlSession> readers = new ArrayBlockingQueue<>(READERS);
    /** Guards {@link #closed} against readers handing their connection back while {@link #close} runs. */
    private final Object pool = new Object();
    private volatile boolean closed;

    private Catalog(Path dbFile, Clock clock, SqlSession writer) {
        this.dbFile = dbFile;
        this.clock = clock;
        this.writer = writer;
    }

    /** Opens (creating on first use, migrating older schemas) the catalog at {@code dbFile}; times from the UTC clock. */
    public static Catalog open(Path dbFile) {
        return open(dbFile, Clock.systemUTC());
    }

    /**
     * Opens the catalog, creating the file, its parent directories and the schema on first use.
     *
     * @param clock source of "now" for the root directory's times and pending change records
     * @throws CatalogException when the file cannot be opened or its schema is newer than this code
     */
    public static Catalog open(Path dbFile, Clock clock) {
        try {
            Path parent = dbFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SqlSession writer = new SqlSession(connect(dbFile, false));
            Catalog catalog = new Catalog(dbFile, clock, writer);
            try {
                CatalogSchema.migrate(writer.connection(), clock.instant());
                for (int i = 0; i < READERS; i++) {
                    catalog.readers.add(new SqlSession(connect(dbFile, true)));
                }
            } catch (SQLException | RuntimeException e) {
                catalog.close();
                throw e;
            }
            return catalog;
        } catch (SQLException | IOException e) {
            throw new CatalogException("cannot open catalog " + dbFile + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path dbFile, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL is durable against a process crash in WAL mode; a power loss may lose the last commits,
        // which the cache's dirty journal and a rebuild from the tapes' indexes recover (DESIGN section 7).
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setReadOnly(readOnly);
        if (!readOnly) {
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath(),
                config.toProperties());
        connection.setAutoCommit(readOnly);
        return connection;
    }

    /** Where the database lives. */
    public Path file() {
        return dbFile;
    }

    /**
     * Closes every connection: the writer and idle readers now, a reader in use when its query ends (it is never
     * closed under a running query). Later calls fail with {@link CatalogException}. Every connection is closed even
     * when one fails to close.
     *
     * @throws CatalogException when a connection could not be closed (the first failure; the others suppressed)
     */
    @Override
    public void close() {
        writeLock.lock();
        try {
            List<SqlSession> sessions = new ArrayList<>();
            synchronized (pool) {
                closed = true;
                readers.drainTo(sessions);
            }
            sessions.add(writer);
            CatalogException failure = null;
            for (SqlSession session : sessions) {
                try {
                    session.close();
                } catch (SQLException e) {
                    if (failure == null) {
                        failure = new CatalogException("closing catalog " + dbFile + ": " + e.getMessage(), e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * This catalog's identity: a random UUID made when the catalog was created (schema version 2), never changed.
     * The cache records it so that its objects are never taken for files of another or a rebuilt catalog.
     */
    public String identity() {
        return read(session -> {
            try (ResultSet rows = session.prepare("SELECT uuid FROM catalog_identity").executeQuery()) {
                if (!rows.next()) {
                    throw new CatalogException("catalog " + dbFile + " has no identity row");
                }
                return rows.getString(1);
            }
        });
    }

    // ---- lookups -------------------------------------------------------------------------------------------

    /** The entry {@code name} of directory {@code parent}, if any. */
    public Optional<Inode> lookup(long parent, String name) {
        return read(session -> InodeQueries.lookup(session, parent, name));
    }

    /** The inode with this id, if it exists. */
    public Optional<Inode> get(long id) {
        return read(session -> InodeQueries.get(session, id));
    }

    /**
     * The inode at an absolute, slash-separated path ("/" is the root; repeated slashes are ignored), or empty
     * when a component is missing or a non-final component is not a directory.
     */
    public Optional<Inode> resolve(String path) {
        return read(session -> {
            Optional<Inode> current = InodeQueries.get(session, ROOT_ID);
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

    /** The absolute path of an inode, or empty when it no longer exists. */
    public Optional<String> pathOf(long id) {
        return read(session -> InodeQueries.pathOf(session, id));
    }

    /** The entries of a directory, ordered by name (empty for a missing directory or a file). */
    public List<Inode> children(long directory) {
        return read(session -> InodeQueries.children(session, directory));
    }

    /** Number of subdirectories of a directory (for its link count, 2 + this). */
    public long subdirectoryCount(long directory) {
        return read(session -> {
            PreparedStatement statement = session.prepare("SELECT count(*) FROM inode WHERE parent = ? AND kind = 'DIRECTORY'");
            statement.setLong(1, directory);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** Number of inodes in the tree, the root included. */
    public long inodeCount() {
        return read(session -> {
            try (ResultSet rows = session.prepare("SELECT count(*) FROM inode").executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** The extended attributes a tape's index gave the inode, ordered by name. */
    public List<ExtendedAttribute> xattrs(long inode) {
        return read(session -> {
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

    // ---- volumes ---------------------------------------------------------------------------------------------

    /** All cartridges the catalog knows, ordered by volume tag. */
    public List<VolumeRecord> volumes() {
        return read(session -> {
            List<VolumeRecord> result = new ArrayList<>();
            try (ResultSet rows = session.prepare(VOLUME_SELECT + " ORDER BY volume_tag").executeQuery()) {
                while (rows.next()) {
                    result.add(mapVolume(rows));
                }
            }
            return result;
        });
    }

    /** The cartridge with this volume tag, if known. */
    public Optional<VolumeRecord> volume(String volumeTag) {
        return read(session -> {
            PreparedStatement statement = session.prepare(VOLUME_SELECT + " WHERE volume_tag = ?");
            statement.setString(1, volumeTag);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(mapVolume(rows)) : Optional.empty();
            }
        });
    }

    /** Inserts or replaces a cartridge's record. */
    public void upsertVolume(VolumeRecord volume) {
        write(session -> {
            upsertVolume(session, volume);
            return null;
        });
    }

    /**
     * Merges a tape's LTFS index into the tree in one transaction (shared/DESIGN.md section 5; see
     * {@link VolumeImporter}): same path, size and modify time on several tapes is one file with several copies;
     * otherwise the newest modify time wins and older versions stay as non-current copies; directories merge;
     * a dirty file keeps its local content. Importing the same volume again replaces what it contributed.
     * The volume record is upserted in the same transaction. On any failure nothing changes.
     *
     * @return counts, and the inodes whose current content changed (their cached objects are stale)
     */
    public ImportSummary importVolume(VolumeRecord volume, Iterator<TapeEntry> entries) {
        return write(session -> {
            upsertVolume(session, volume);
            return new VolumeImporter(session, volume.volumeTag()).run(entries);
        });
    }

    // ---- write-back --------------------------------------------------------------------------------------------

    /**
     * Files and symlinks whose content exists only in the cache and that have not changed since
     * {@code changedBefore} (inclusive), oldest change first: what the write-back migrates next.
     */
    public List<Inode> dirtyFiles(Instant changedBefore) {
        return read(session -> {
            PreparedStatement statement = session.prepare("SELECT " + InodeQueries.COLUMNS + " FROM inode"
                    + " WHERE dirty_since IS NOT NULL AND dirty_since <= ? AND kind <> 'DIRECTORY' ORDER BY dirty_since");
            statement.setLong(1, Nanos.of(changedBefore));
            return InodeQueries.list(statement);
        });
    }

    /**
     * Records that a file was migrated to a tape whose index now names it (DESIGN section 7: confirmed only
     * after data and index are on tape). Applies only if the file did not change since the migration read it:
     * then its copy and extents on {@code volumeTag} are replaced, that copy becomes the current one and the
     * file becomes clean. Copies on other tapes stay as non-current versions.
     *
     * @param changeCounterSeen the {@link Inode#changeCounter()} read before the migration read the cache
     * @param extents           where the bytes now lie on the tape
     * @param sha256            lowercase hex digest of the migrated content, or null
     * @return true when recorded; false when the file changed or vanished meanwhile (it stays dirty)
     */
    public boolean recordMigration(long inode, long changeCounterSeen, String volumeTag, List<ExtentRecord> extents,
                                   String sha256) {
        return write(session -> {
            Optional<Inode> current = InodeQueries.get(session, inode);
            if (current.isEmpty() || current.get().changeCounter() != changeCounterSeen) {
                return false;
            }
            for (String sql : List.of("DELETE FROM extent WHERE inode = ? AND volume_tag = ?",
                    "DELETE FROM copy WHERE inode = ? AND volume_tag = ?")) {
                PreparedStatement statement = session.prepare(sql);
                statement.setLong(1, inode);
                statement.setString(2, volumeTag);
                statement.executeUpdate();
            }
            InodeQueries.insertCopy(session, inode, volumeTag, current.get().size(), current.get().mtime(), sha256, true);
            InodeQueries.insertExtents(session, inode, volumeTag, extents);
            PreparedStatement clean = session.prepare("UPDATE inode SET cache_state = 'CLEAN', dirty_since = NULL"
                    + " WHERE id = ?");
            clean.setLong(1, inode);
            clean.executeUpdate();
            return true;
        });
    }

    /**
     * Where the current content of a file lies on one tape holding it (the first by volume tag), in file-offset
     * order; empty when no tape holds the current content.
     */
    public List<ExtentRecord> extents(long inode) {
        return read(session -> {
            List<String> volumes = InodeQueries.volumesOf(session, inode, true);
            return volumes.isEmpty() ? List.of() : InodeQueries.extents(session, inode, volumes.get(0));
        });
    }

    /** Where a file's bytes lie on one tape (its current or an older version), in file-offset order. */
    public List<ExtentRecord> extents(long inode, String volumeTag) {
        return read(session -> InodeQueries.extents(session, inode, volumeTag));
    }

    /** Volume tags of the tapes holding the current content of the inode (for a directory: whose index has it). */
    public List<String> volumesOf(long inode) {
        return read(session -> InodeQueries.volumesOf(session, inode, true));
    }

    /** The SHA-256 (lowercase hex) recorded for the current content, if a tape's copy records one. */
    public Optional<String> sha256(long inode) {
        return read(session -> {
            PreparedStatement statement = session.prepare("SELECT sha256 FROM copy WHERE inode = ? AND current = 1"
                    + " AND sha256 IS NOT NULL ORDER BY volume_tag LIMIT 1");
            statement.setLong(1, inode);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        });
    }

    /** Metadata changes not yet in a tape's index, oldest first. */
    public List<PendingChange> pendingChanges(String volumeTag) {
        return read(session -> {
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

    /** Forgets a tape's pending changes up to and including {@code upToId}, once its index shows them. */
    public void clearPendingChanges(String volumeTag, long upToId) {
        write(session -> {
            PreparedStatement statement = session.prepare("DELETE FROM pending_change WHERE volume_tag = ? AND id <= ?");
            statement.setString(1, volumeTag);
            statement.setLong(2, upToId);
            statement.executeUpdate();
            return null;
        });
    }

    // ---- tree changes made through the mount -----------------------------------------------------------------

    /**
     * Creates an empty regular file, dirty from {@code now} (it must reach tape even if never written).
     *
     * @throws NamespaceException ENOENT/ENOTDIR for a bad parent, EEXIST, ENAMETOOLONG, EINVAL
     */
    public Inode createFile(long parent, String name, int mode, int uid, int gid, Instant now) {
        return write(session -> {
            checkNewEntry(session, parent, name);
            touchDirectory(session, parent, now);
            return InodeQueries.insert(session, parent, name, FileKind.FILE, mode, uid, gid, 0, now, now, now, now, null,
                    CacheState.DIRTY, now);
        });
    }

    /**
     * Creates a directory.
     *
     * @throws NamespaceException ENOENT/ENOTDIR for a bad parent, EEXIST, ENAMETOOLONG, EINVAL
     */
    public Inode mkdir(long parent, String name, int mode, int uid, int gid, Instant now) {
        return write(session -> {
            checkNewEntry(session, parent, name);
            touchDirectory(session, parent, now);
            return InodeQueries.insert(session, parent, name, FileKind.DIRECTORY, mode, uid, gid, 0, now, now, now, now,
                    null, CacheState.CLEAN, null);
        });
    }

    /**
     * Creates a symlink (mode 0777), dirty from {@code now} so that it is written to tape.
     *
     * @throws NamespaceException ENOENT/ENOTDIR for a bad parent, EEXIST, ENAMETOOLONG, EINVAL
     */
    public Inode symlink(long parent, String name, String target, int uid, int gid, Instant now) {
        return write(session -> {
            checkNewEntry(session, parent, name);
            touchDirectory(session, parent, now);
            long size = target.getBytes(StandardCharsets.UTF_8).length;
            return InodeQueries.insert(session, parent, name, FileKind.SYMLINK, 0777, uid, gid, size, now, now, now, now,
                    target, CacheState.DIRTY, now);
        });
    }

    /**
     * Removes a file or symlink; every tape whose index names it gets a pending DELETE.
     *
     * @return the removed inode (its cached object is now garbage)
     * @throws NamespaceException ENOENT, ENOTDIR (bad parent), EISDIR for a directory
     */
    public Inode unlink(long parent, String name, Instant now) {
        return write(session -> {
            Inode inode = existing(session, parent, name);
            if (inode.isDirectory()) {
                throw new NamespaceException(Errno.EISDIR, "is a directory: " + name);
            }
            remove(session, inode, now);
            touchDirectory(session, parent, now);
            return inode;
        });
    }

    /**
     * Removes an empty directory; every tape whose index names it gets a pending DELETE.
     *
     * @throws NamespaceException ENOENT, ENOTDIR, ENOTEMPTY
     */
    public Inode rmdir(long parent, String name, Instant now) {
        return write(session -> {
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
     *
     * @return the inode that was replaced, if any (its cached object is now garbage)
     * @throws NamespaceException ENOENT, ENOTDIR, EISDIR, ENOTEMPTY, EINVAL (moving a directory into itself),
     *                            ENAMETOOLONG
     */
    public Optional<Inode> rename(long fromParent, String fromName, long toParent, String toName, Instant now) {
        return write(session -> {
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
                remove(session, replaced, now);
            }
            String oldPath = InodeQueries.pathOf(session, source.id()).orElseThrow();
            PreparedStatement move = session.prepare("UPDATE inode SET parent = ?, name = ?, ctime = ?,"
                    + " change_counter = change_counter + 1 WHERE id = ?");
            move.setLong(1, toParent);
            move.setString(2, toName);
            move.setLong(3, Nanos.of(now));
            move.setLong(4, source.id());
            move.executeUpdate();
            String newPath = InodeQueries.pathOf(session, source.id()).orElseThrow();
            for (String volume : InodeQueries.volumesOf(session, source.id(), false)) {
                addPendingChange(session, volume, PendingChange.Kind.RENAME, oldPath, newPath, now);
            }
            touchDirectory(session, fromParent, now);
            touchDirectory(session, toParent, now);
            return target;
        });
    }

    /**
     * Sets permission bits (07777).
     *
     * @throws NamespaceException ENOENT
     */
    public Inode setMode(long id, int mode, Instant now) {
        return changeAttributes(id, now, "mode = ?", statement -> statement.setInt(1, mode & 07777));
    }

    /**
     * Sets owner and group; a negative value (-1, as chown(2)) leaves that one unchanged.
     *
     * @throws NamespaceException ENOENT
     */
    public Inode setOwner(long id, int uid, int gid, Instant now) {
        return changeAttributes(id, now, "uid = CASE WHEN ? < 0 THEN uid ELSE ? END,"
                + " gid = CASE WHEN ? < 0 THEN gid ELSE ? END", statement -> {
            statement.setInt(1, uid);
            statement.setInt(2, uid);
            statement.setInt(3, gid);
            statement.setInt(4, gid);
        });
    }

    /**
     * Sets access and modify times; null leaves that time unchanged.
     *
     * @throws NamespaceException ENOENT
     */
    public Inode setTimes(long id, Instant atime, Instant mtime, Instant now) {
        return changeAttributes(id, now, "atime = coalesce(?, atime), mtime = coalesce(?, mtime)", statement -> {
            InodeQueries.setNullableInstant(statement, 1, atime);
            InodeQueries.setNullableInstant(statement, 2, mtime);
        });
    }

    /**
     * Records a write of content through the mount: size grows to at least {@code endOffset} bytes, modify time
     * is {@code now}, the file is dirty since {@code now}, its tape copies are no longer current.
     *
     * @throws NamespaceException ENOENT when the inode no longer exists
     */
    public Inode recordWrite(long id, long endOffset, Instant now) {
        return changeContent(id, now, "size = max(size, ?)", endOffset);
    }

    /**
     * Sets a file's size (truncate), making it dirty as {@link #recordWrite} does.
     *
     * @throws NamespaceException ENOENT when the inode no longer exists, EISDIR for a directory
     */
    public Inode setSize(long id, long size, Instant now) {
        return changeContent(id, now, "size = ?", size);
    }

    /**
     * Marks a file or symlink dirty before its cached content is changed (shared/DESIGN.md section 7: the catalog
     * and the dirty journal say "dirty" before the object changes, so a crash never shows half-written bytes as a
     * clean copy of the tape's). Size and times stay as they are; the change counter rises, so a migration that read
     * the file before this call is not recorded; tape copies stop being current.
     *
     * @throws NamespaceException ENOENT when the inode no longer exists, EISDIR for a directory
     */
    public Inode markDirty(long id, Instant now) {
        return write(session -> {
            Inode before = InodeQueries.get(session, id)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no inode " + id));
            if (before.isDirectory()) {
                throw new NamespaceException(Errno.EISDIR, "is a directory: inode " + id);
            }
            PreparedStatement statement = session.prepare("UPDATE inode SET cache_state = 'DIRTY', dirty_since = ?,"
                    + " change_counter = change_counter + 1 WHERE id = ?");
            statement.setLong(1, Nanos.of(now));
            statement.setLong(2, id);
            statement.executeUpdate();
            if (!before.isDirty()) {
                demoteCopies(session, id);
            }
            return InodeQueries.get(session, id).orElseThrow();
        });
    }

    /**
     * The dirty files and symlinks at or below an inode (the inode itself when it is a file): whose dirty journals
     * name a path that a rename of that inode changes.
     */
    public List<Inode> dirtyFilesUnder(long id) {
        return read(session -> {
            PreparedStatement statement = session.prepare("WITH RECURSIVE subtree (id) AS (SELECT ?"
                    + " UNION ALL SELECT inode.id FROM inode JOIN subtree ON inode.parent = subtree.id)"
                    + " SELECT " + InodeQueries.COLUMNS + " FROM inode WHERE id IN (SELECT id FROM subtree)"
                    + " AND dirty_since IS NOT NULL AND kind <> 'DIRECTORY' ORDER BY id");
            statement.setLong(1, id);
            return InodeQueries.list(statement);
        });
    }

    /**
     * The data partition capacity of the largest cartridge the catalog knows, bytes; empty when no cartridge
     * reports one. A file larger than this fits on no tape (LTFS has no spanning; shared/DESIGN.md section 5).
     */
    public OptionalLong largestCartridgeCapacity() {
        return read(session -> {
            try (ResultSet rows = session.prepare("SELECT max(capacity) FROM volume WHERE capacity > 0").executeQuery()) {
                rows.next();
                long largest = rows.getLong(1);
                return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(largest);
            }
        });
    }

    /** Totals for statfs: data partition capacity and remaining bytes of LTFS and blank cartridges. */
    public LibraryCapacity capacity() {
        return read(session -> {
            try (ResultSet rows = session.prepare("SELECT coalesce(sum(capacity), 0), coalesce(sum(remaining), 0)"
                    + " FROM volume WHERE state IN ('LTFS', 'BLANK')").executeQuery()) {
                rows.next();
                return new LibraryCapacity(rows.getLong(1), rows.getLong(2));
            }
        });
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    private static final String VOLUME_SELECT = "SELECT volume_tag, uuid, state, generation, capacity, remaining,"
            + " block_size, last_indexed FROM volume";

    private static VolumeRecord mapVolume(ResultSet rows) throws SQLException {
        long lastIndexed = rows.getLong(8);
        Instant indexed = rows.wasNull() ? null : Nanos.toInstant(lastIndexed);
        return new VolumeRecord(rows.getString(1), rows.getString(2), VolumeState.valueOf(rows.getString(3)),
                rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7), indexed);
    }

    private static void upsertVolume(SqlSession session, VolumeRecord volume) throws SQLException {
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

    private Inode changeAttributes(long id, Instant now, String assignments, Binder binder) {
        return write(session -> {
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
                    addPendingChange(session, volume, PendingChange.Kind.ATTRIBUTES, path, null, now);
                }
            }
            return InodeQueries.get(session, id).orElseThrow();
        });
    }

    private Inode changeContent(long id, Instant now, String sizeAssignment, long size) {
        return write(session -> {
            Inode before = InodeQueries.get(session, id)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no inode " + id));
            if (before.isDirectory()) {
                throw new NamespaceException(Errno.EISDIR, "is a directory: inode " + id);
            }
            long nanos = Nanos.of(now);
            PreparedStatement statement = session.prepare("UPDATE inode SET " + sizeAssignment + ", mtime = ?, ctime = ?,"
                    + " cache_state = 'DIRTY', dirty_since = ?, change_counter = change_counter + 1 WHERE id = ?");
            statement.setLong(1, size);
            statement.setLong(2, nanos);
            statement.setLong(3, nanos);
            statement.setLong(4, nanos);
            statement.setLong(5, id);
            statement.executeUpdate();
            if (!before.isDirty()) {
                demoteCopies(session, id);
            }
            return InodeQueries.get(session, id).orElseThrow();
        });
    }

    private static void demoteCopies(SqlSession session, long id) throws SQLException {
        PreparedStatement demote = session.prepare("UPDATE copy SET current = 0 WHERE inode = ? AND current = 1");
        demote.setLong(1, id);
        demote.executeUpdate();
    }

    private void remove(SqlSession session, Inode inode, Instant now) throws SQLException {
        String path = InodeQueries.pathOf(session, inode.id()).orElseThrow();
        for (String volume : InodeQueries.volumesOf(session, inode.id(), false)) {
            addPendingChange(session, volume, PendingChange.Kind.DELETE, path, null, now);
        }
        PreparedStatement delete = session.prepare("DELETE FROM inode WHERE id = ?");
        delete.setLong(1, inode.id());
        delete.executeUpdate();
    }

    private static void addPendingChange(SqlSession session, String volume, PendingChange.Kind kind, String path,
                                         String newPath, Instant now) throws SQLException {
        PreparedStatement statement = session.prepare("INSERT INTO pending_change (volume_tag, kind, path, new_path,"
                + " recorded) VALUES (?, ?, ?, ?, ?)");
        statement.setString(1, volume);
        statement.setString(2, kind.name());
        statement.setString(3, path);
        statement.setString(4, newPath);
        statement.setLong(5, Nanos.of(now));
        statement.executeUpdate();
    }

    private static void touchDirectory(SqlSession session, long directory, Instant now) throws SQLException {
        PreparedStatement statement = session.prepare("UPDATE inode SET mtime = ?, ctime = ? WHERE id = ?");
        statement.setLong(1, Nanos.of(now));
        statement.setLong(2, Nanos.of(now));
        statement.setLong(3, directory);
        statement.executeUpdate();
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

    private static void checkNewEntry(SqlSession session, long parent, String name) throws SQLException {
        Names.check(name);
        directory(session, parent);
        if (InodeQueries.lookup(session, parent, name).isPresent()) {
            throw new NamespaceException(Errno.EEXIST, "file exists: " + name);
        }
    }

    private <T> T read(SqlWork<T> work) {
        SqlSession session = takeReader();
        try {
            return work.run(session);
        } catch (SQLException e) {
            throw new CatalogException("catalog query failed: " + e.getMessage(), e);
        } finally {
            giveBack(session);
        }
    }

    private SqlSession takeReader() {
        try {
            while (true) {
                if (closed) {
                    throw new CatalogException("catalog " + dbFile + " is closed");
                }
                SqlSession session = readers.poll(READER_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (session != null) {
                    return session;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("interrupted while waiting for a catalog connection", e);
        }
    }

    /** Returns a reader to the pool, or closes it when the catalog was closed while it ran a query. */
    private void giveBack(SqlSession session) {
        synchronized (pool) {
            if (!closed) {
                readers.add(session);
                return;
            }
        }
        try {
            session.close();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "closing a catalog reader of " + dbFile + " after close: " + e.getMessage(), e);
        }
    }

    private <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            if (closed) {
                throw new CatalogException("catalog " + dbFile + " is closed");
            }
            T result = work.run(writer);
            writer.connection().commit();
            return result;
        } catch (SQLException e) {
            CatalogException failure = new CatalogException("catalog update failed: " + e.getMessage(), e);
            rollback(failure);
            throw failure;
        } catch (RuntimeException e) {
            rollback(e);
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /** Rolls back; a failure to do so is attached to the original error rather than replacing it. */
    private void rollback(RuntimeException original) {
        if (closed) {
            return;
        }
        try {
            writer.connection().rollback();
        } catch (SQLException e) {
            original.addSuppressed(e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(SqlSession session) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
