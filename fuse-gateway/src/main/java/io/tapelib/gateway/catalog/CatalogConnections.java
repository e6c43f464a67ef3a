package io.tapelib.gateway.catalog;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The catalog's connections and transactions. One writer connection guarded by a lock (SQLite allows one writer;
 * serialising in the JVM avoids SQLITE_BUSY), and a small pool of read-only connections: in WAL mode readers
 * never block the writer and always see the last committed transaction. Each {@link #write} is one transaction,
 * committed when the work returns and rolled back when it throws. Thread-safe.
 */
final class CatalogConnections implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CatalogConnections.class.getName());
    private static final int READERS = 4;
    /** How long a reader waits for a free connection before checking again whether the catalog was closed. */
    private static final long READER_POLL_MILLIS = 200;
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final Path dbFile;
    private final SqlSession writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<SqlSession> readers = new ArrayBlockingQueue<>(READERS);
    /** Guards {@link #closed} against readers handing their connection back while {@link #close} runs. */
    private final Object pool = new Object();
    private volatile boolean closed;
    /** Guarded by the write lock: the database's directory was fsynced once (the -wal file's name). */
    private boolean directorySynced;
    /**
     * Guarded by the write lock: the directories each write transaction changed; reports nothing until
     * {@link #trackListingChanges} (a database without the tree, the audit log's, never tracks them).
     */
    private ListingChanges listingChanges = ListingChanges.untracked();
    /** Guarded by the write lock: what each unit of work changed of the entries ({@link #trackEntries}). */
    private EntryChanges entryChanges = EntryChanges.untracked();

    private CatalogConnections(Path dbFile, SqlSession writer) {
        this.dbFile = dbFile;
        this.writer = writer;
    }

    /** Brings a new writer connection's database to the current schema before any reader opens. */
    @FunctionalInterface
    interface SchemaSetup {
        void apply(Connection writer) throws SQLException;
    }

    /**
     * Opens the writer (creating the file and its parent directories), sets the schema up on it, then opens the
     * readers.
     *
     * @throws CatalogException when the file cannot be opened or the schema cannot be set up
     */
    static CatalogConnections open(Path dbFile, SchemaSetup schema) {
        try {
            Path parent = dbFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            CatalogConnections connections = new CatalogConnections(dbFile, new SqlSession(connect(dbFile, false), true));
            try {
                schema.apply(connections.writer.connection());
                for (int i = 0; i < READERS; i++) {
                    connections.readers.add(new SqlSession(connect(dbFile, true), false));
                }
            } catch (SQLException | RuntimeException e) {
                connections.close();
                throw e;
            }
            return connections;
        } catch (SQLException | IOException e) {
            throw new CatalogException("cannot open catalog " + dbFile + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path dbFile, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL is durable against a process crash in WAL mode; a power loss may lose the commits since the last
        // sync(), which fsync at the mount and the commit interval bound (DESIGN section 7).
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        // The driver's generated keys (on by default) run SELECT last_insert_rowid() as a statement of its own, prepared
        // and finalized, after every INSERT of executeUpdate; nothing here reads them (a new row's id comes from
        // RETURNING), and on a 1,000,000-file import they were a quarter of the copy rows' cost.
        config.setGetGeneratedKeys(false);
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
    Path file() {
        return dbFile;
    }

    /**
     * Runs {@code work} on a pooled read-only connection (waiting for a free one).
     *
     * @throws CatalogException when the query fails, the catalog is closed, or the thread is interrupted
     */
    <T> T read(SqlWork<T> work) {
        SqlSession session = takeReader();
        try {
            return work.run(session);
        } catch (SQLException e) {
            throw new CatalogException("catalog query failed: " + e.getMessage(), e);
        } finally {
            giveBack(session);
        }
    }

    /**
     * Runs a short query by key ({@code work}: one or a few rows by primary or unique key, never a listing) on the
     * writer connection when no write holds it, else as {@link #read} does. Why: in WAL mode a connection drops its
     * whole page cache when it starts a read after another connection committed (SQLite's pager resets on a changed
     * WAL), so with a write at nearly every FUSE operation each pooled reader reads the B-trees' pages anew from the
     * files (about 35 pread(2) per small file created); the writer is the only connection that commits, so its cache
     * stays warm. Its transaction is always open (the driver begins the next IMMEDIATE transaction at each commit)
     * and holds the database's write lock, so what it reads is the last committed state, as a reader would see it;
     * the query changes nothing, and the next write commits as before. Writers wait at most for one such query.
     *
     * @throws CatalogException when the query fails, the catalog is closed, or the thread is interrupted
     */
    <T> T readByKey(SqlWork<T> work) {
        // a read from inside a write's own work (the lock is reentrant) must not see the write's uncommitted rows, nor
        // reset a statement that work is stepping through
        if (writeLock.isHeldByCurrentThread() || !writeLock.tryLock()) {
            return read(work);
        }
        try {
            if (closed) {
                throw new CatalogException("catalog " + dbFile + " is closed");
            }
            return work.run(writer);
        } catch (SQLException e) {
            throw new CatalogException("catalog query failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} on the writer connection as one transaction: committed when it returns, rolled back when it
     * throws (its exception propagates; an SQLException becomes a {@link CatalogException}).
     *
     * @throws CatalogException when the update fails or the catalog is closed
     */
    <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            if (closed) {
                throw new CatalogException("catalog " + dbFile + " is closed");
            }
            T result = work.run(writer);
            writer.connection().commit();
            entryChanges.workEnded(true);
            return result;
        } catch (SQLException e) {
            CatalogException failure = new CatalogException("catalog update failed: " + e.getMessage(), e);
            rollback(failure);
            throw failure;
        } catch (RuntimeException e) {
            rollback(e);
            throw e;
        } finally {
            // after the commit (readers see the change) and still under the lock: the next readdir lists afresh
            listingChanges.publish();
            writeLock.unlock();
        }
    }

    /**
     * From now on tells {@code listener} which directories' entries each write transaction changed
     * ({@link ListingChanges}: triggers on the writer connection). For the catalog's database only.
     *
     * @throws CatalogException when the triggers cannot be created or the catalog is closed
     */
    void trackListingChanges(ListingChanges.Listener listener) {
        writeLock.lock();
        try {
            if (closed) {
                throw new CatalogException("catalog " + dbFile + " is closed");
            }
            ListingChanges changes = ListingChanges.install(writer.connection());
            changes.listen(listener);
            listingChanges = changes;
        } catch (SQLException e) {
            throw new CatalogException("cannot track the listing changes of catalog " + dbFile + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * From now on keeps {@code names} and {@code directories} as the writer connection's work changes the tree's
     * entries ({@link EntryChanges}: triggers on the writer connection). For the catalog's database only.
     *
     * @throws CatalogException when the triggers cannot be created or the catalog is closed
     */
    void trackEntries(EntryNames names, DirectoryRows directories) {
        writeLock.lock();
        try {
            if (closed) {
                throw new CatalogException("catalog " + dbFile + " is closed");
            }
            entryChanges = EntryChanges.install(writer.connection(), names, directories);
        } catch (SQLException e) {
            throw new CatalogException("cannot keep the entry names and directory rows of catalog " + dbFile + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Makes every committed transaction durable: fsyncs the write-ahead log and the database file (and once their
     * directory). With {@code synchronous=NORMAL} in WAL mode a commit survives a crash of the process as soon as it
     * returns, but reaches stable storage only at a checkpoint (sqlite.org, "PRAGMA synchronous"; "Write-Ahead
     * Logging", §Performance Considerations); this is the sync FULL would have done at each commit, done when the
     * gateway needs it: fsync at the mount, a periodic commit, unmount. Runs under the write lock, so no transaction
     * is half written meanwhile.
     *
     * @throws CatalogException when a file cannot be synced or the catalog is closed
     */
    void sync() {
        writeLock.lock();
        try {
            if (closed) {
                throw new CatalogException("catalog " + dbFile + " is closed");
            }
            Path wal = dbFile.resolveSibling(dbFile.getFileName() + "-wal");
            for (Path file : List.of(wal, dbFile)) {
                if (Files.exists(file)) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                        channel.force(true);
                    }
                }
            }
            if (!directorySynced) {
                // the -wal file was created when the catalog opened: its name must be durable too
                Path directory = dbFile.toAbsolutePath().getParent();
                try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                    channel.force(true);
                }
                directorySynced = true;
            }
        } catch (IOException e) {
            throw new CatalogException("cannot sync catalog " + dbFile + " to stable storage: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Copies the database as of its last committed transaction into {@code target} with SQLite's online backup API
     * (sqlite3_backup_*), on a reader connection so that writers go on meanwhile; {@code target} is not synced.
     *
     * @throws CatalogException when the backup fails or the catalog is closed
     */
    void backupTo(Path target) {
        read(session -> {
            int rc = session.connection().unwrap(org.sqlite.SQLiteConnection.class).getDatabase()
                    .backup("main", target.toAbsolutePath().toString(), null);
            // sqlite3_backup_step ends with SQLITE_DONE (101); sqlite-jdbc reports SQLITE_OK (0) after finish.
            if (rc != 0 && rc != 101) {
                throw new CatalogException("backup of catalog " + dbFile + " to " + target + " failed, SQLite code " + rc);
            }
            return null;
        });
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

    /** Rolls back; a failure to do so is attached to the original error rather than replacing it. */
    private void rollback(RuntimeException original) {
        entryChanges.workEnded(false);
        if (closed) {
            return;
        }
        try {
            writer.connection().rollback();
        } catch (SQLException e) {
            original.addSuppressed(e);
        }
    }
}
