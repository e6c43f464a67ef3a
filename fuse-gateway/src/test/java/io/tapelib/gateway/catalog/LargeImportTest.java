package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tape index of 100,000 entries (the size DESIGN section 1 expects per tape) imports whole, and such a catalog is
 * checked and backed up. The times are printed, not asserted: speed is measured by {@code deploy/bench.sh catalog}
 * (1,000,000 entries), never by a timed unit test, which fails on a loaded machine for no fault of the code.
 */
class LargeImportTest {
    private static final int DIRECTORIES = 1_000;
    private static final int FILES_PER_DIRECTORY = 99;
    private static final Instant MTIME = Instant.parse("2024-06-01T12:00:00.000000001Z");

    @TempDir
    Path dir;

    @Test
    void importsAHundredThousandEntries() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            VolumeRecord volume = new VolumeRecord("BIG001L5", "uuid", VolumeState.LTFS, 1, 1_425_000_000_000L,
                    1_000_000_000L, 524_288, MTIME);
            long started = System.nanoTime();
            ImportSummary summary = catalog.importVolume(volume, new SyntheticIndex());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(summary.entries()).isEqualTo(DIRECTORIES * (FILES_PER_DIRECTORY + 1L));
            assertThat(catalog.inodeCount()).isEqualTo(summary.entries() + 1);
            assertThat(catalog.resolve("/d0999/f0098").orElseThrow().size()).isEqualTo(98 * 1000L);
            System.out.printf("LargeImportTest: %d entries imported in %d ms%n", summary.entries(), took.toMillis());
        }
    }

    /**
     * The start-up check and the backup of a 100,000-inode catalog: integrity_check (chosen: it also checks every
     * index against its table) against quick_check, timed and printed.
     */
    @Test
    void aHundredThousandInodeCatalogIsCheckedAndBackedUp() throws Exception {
        Path db = dir.resolve("catalog.db");
        try (Catalog catalog = Catalog.open(db)) {
            catalog.importVolume(new VolumeRecord("BIG001L5", "uuid", VolumeState.LTFS, 1, 1_425_000_000_000L,
                    1_000_000_000L, 524_288, MTIME), new SyntheticIndex());
            long started = System.nanoTime();
            Path backup = new CatalogBackups(dir.resolve("backup"), Clock.systemUTC()).take(catalog);
            Duration backupTook = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("LargeImportTest: backup of a %d-byte catalog took %d ms%n", Files.size(backup),
                    backupTook.toMillis());
            assertThat(backup).isRegularFile();
        }
        Duration integrity = timed(db, "PRAGMA integrity_check");
        Duration quick = timed(db, "PRAGMA quick_check");
        System.out.printf("LargeImportTest: 100k inodes, integrity_check %d ms, quick_check %d ms%n",
                integrity.toMillis(), quick.toMillis());
        assertThat(CatalogRecovery.fault(db)).isEmpty();
    }

    private static Duration timed(Path db, String pragma) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            try (ResultSet rows = statement.executeQuery(pragma)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("ok");
            }
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    /** Directories d0000..d0999, each with files f0000..f0098 of (n * 1000) bytes, streamed as a tape sends them. */
    private static final class SyntheticIndex implements Iterator<TapeEntry> {
        private int directory;
        private int file = -1;

        @Override
        public boolean hasNext() {
            return directory < DIRECTORIES;
        }

        @Override
        public TapeEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String directoryPath = String.format("d%04d", directory);
            TapeEntry entry;
            if (file < 0) {
                entry = new TapeEntry(directoryPath, FileKind.DIRECTORY, 0, 0755, 0, 0, MTIME, MTIME, MTIME, MTIME, null,
                        List.of(), List.of());
            } else {
                long size = file * 1000L;
                entry = new TapeEntry(directoryPath + String.format("/f%04d", file), FileKind.FILE, size, 0644, 0, 0,
                        MTIME, MTIME, MTIME, MTIME, null,
                        List.of(new ExtentRecord(1, directory * 100L + file, 0, size, 0)), List.of());
            }
            if (++file == FILES_PER_DIRECTORY) {
                file = -1;
                directory++;
            }
            return entry;
        }
    }
}
