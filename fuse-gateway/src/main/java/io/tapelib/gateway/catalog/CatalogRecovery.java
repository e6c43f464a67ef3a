package io.tapelib.gateway.catalog;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Checks the catalog before start-up uses it (shared/DESIGN.md section 7): a catalog that fails SQLite's
 * {@code PRAGMA integrity_check}, or is no SQLite database at all, is set aside (renamed with the time, never
 * deleted, its -wal and -shm files with it) and the newest backup that passes the same check is copied in its
 * place. One log line says what happened. With no usable backup the catalog starts empty and the start-up indexer
 * catalogs every cartridge again from its index.
 */
public final class CatalogRecovery {
    private static final Logger LOG = Logger.getLogger(CatalogRecovery.class.getName());
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> SIDE_FILES = List.of("-wal", "-shm");

    /** What the check found and did. */
    public enum Outcome {
        /** No catalog file yet: a new one is created. */
        ABSENT,
        /** The catalog passed the check and is used as it is. */
        SOUND,
        /** The catalog failed the check and was replaced by a backup. */
        RESTORED,
        /** The catalog failed the check and no backup passed it: it was set aside and a new one starts empty. */
        SET_ASIDE
    }

    private final Path dbFile;
    private final CatalogBackups backups;
    private final Clock clock;

    /**
     * @param dbFile  the catalog file (CATALOG_DB); its -wal and -shm files move with it when it is set aside
     * @param backups where the online backups are (CATALOG_BACKUP_DIR)
     * @param clock   names a set-aside file (UTC time)
     */
    public CatalogRecovery(Path dbFile, CatalogBackups backups, Clock clock) {
        this.dbFile = dbFile;
        this.backups = backups;
        this.clock = clock;
    }

    /**
     * Runs the check and, if the catalog fails it, the restore. Call before the catalog is opened.
     *
     * @throws IOException when the catalog cannot be set aside or a backup cannot be copied in its place
     */
    public Outcome ensureUsable() throws IOException {
        if (!Files.exists(dbFile)) {
            return Outcome.ABSENT;
        }
        Optional<String> fault = fault(dbFile);
        if (fault.isEmpty()) {
            return Outcome.SOUND;
        }
        Path aside = setAside();
        Path restoring = dbFile.resolveSibling(dbFile.getFileName() + ".restoring");
        for (Path backup : backups.newestFirst()) {
            Files.copy(backup, restoring, StandardCopyOption.REPLACE_EXISTING);
            Optional<String> backupFault = fault(restoring);
            if (backupFault.isEmpty()) {
                CatalogBackups.sync(restoring);
                move(restoring, dbFile);
                CatalogBackups.syncDirectory(dbFile.toAbsolutePath().getParent());
                LOG.severe(String.format("Catalog %s failed SQLite's integrity check (%s): set aside as %s and"
                        + " restored from backup %s; cartridges written since are indexed again", dbFile,
                        fault.get(), aside, backup));
                return Outcome.RESTORED;
            }
            LOG.warning("Catalog backup " + backup + " fails SQLite's integrity check too (" + backupFault.get()
                    + "); trying an older one");
            deleteWithSideFiles(restoring);
        }
        LOG.severe(String.format("Catalog %s failed SQLite's integrity check (%s): set aside as %s; no backup in %s"
                + " passes the check, so the catalog starts empty and is rebuilt from the cartridges' indexes", dbFile,
                fault.get(), aside, backups.dir()));
        return Outcome.SET_ASIDE;
    }

    /**
     * Why {@code file} is not a sound SQLite database: the first line of {@code PRAGMA integrity_check} that is not
     * "ok", or the error opening or reading it. Empty when sound. integrity_check rather than quick_check: it also
     * checks that every index matches its table, and the catalog's lookups go through indexes.
     */
    static Optional<String> fault(Path file) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            if (!rows.next()) {
                return Optional.of("integrity_check returned nothing");
            }
            String first = rows.getString(1);
            return "ok".equals(first) ? Optional.empty() : Optional.of(first);
        } catch (SQLException e) {
            return Optional.of(e.getMessage());
        }
    }

    private Path setAside() throws IOException {
        Path aside = dbFile.resolveSibling(dbFile.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
        move(dbFile, aside);
        for (String side : SIDE_FILES) {
            Path sideFile = dbFile.resolveSibling(dbFile.getFileName() + side);
            if (Files.exists(sideFile)) {
                move(sideFile, aside.resolveSibling(aside.getFileName() + side));
            }
        }
        return aside;
    }

    private static void deleteWithSideFiles(Path file) throws IOException {
        Files.deleteIfExists(file);
        for (String side : SIDE_FILES) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + side));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
