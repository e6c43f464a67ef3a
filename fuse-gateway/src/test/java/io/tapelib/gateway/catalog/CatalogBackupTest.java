package io.tapelib.gateway.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogBackupTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");

    @TempDir
    Path dir;

    /** Moves one second forward at each reading, so every backup gets a name of its own; counts readings. */
    private final SteppingClock clock = new SteppingClock();

    private Path db() {
        return dir.resolve("catalog/catalog.db");
    }

    private CatalogBackups backups() {
        return new CatalogBackups(dir.resolve("catalog/backup"), clock);
    }

    /** A catalog big enough that half of its file loses tree pages: {@code files} files in /data. */
    private void fill(Catalog catalog, String directory, int files) {
        Inode data = catalog.mkdir(Catalog.ROOT_ID, directory, 0755, 0, 0, NOW);
        for (int i = 0; i < files; i++) {
            catalog.createFile(data.id(), "file-with-a-longish-name-" + i + ".bin", 0644, 1000, 1000, NOW);
        }
    }

    private static void truncateToHalf(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
    }

    @Test
    void aBackupIsACompleteCatalogAndOnlyTheNewestThreeAreKept() throws IOException {
        CatalogBackups backups = backups();
        String identity;
        try (Catalog catalog = Catalog.open(db(), clock)) {
            identity = catalog.identity();
            fill(catalog, "data", 10);
            for (int i = 0; i < 5; i++) {
                catalog.mkdir(Catalog.ROOT_ID, "round-" + i, 0755, 0, 0, NOW);
                backups.take(catalog);
            }
        }
        List<Path> kept = backups.newestFirst();
        assertThat(kept).hasSize(CatalogBackups.KEEP);
        try (Stream<Path> all = Files.list(backups.dir())) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .as("no temporary file is left behind").allMatch(n -> n.startsWith("catalog-") && n.endsWith(".db"));
        }
        try (Catalog newest = Catalog.open(kept.get(0), clock)) {
            assertThat(newest.identity()).isEqualTo(identity);
            assertThat(newest.resolve("/round-4")).isPresent();
            assertThat(newest.resolve("/data/file-with-a-longish-name-9.bin")).isPresent();
        }
        try (Catalog oldest = Catalog.open(kept.get(2), clock)) {
            assertThat(oldest.resolve("/round-2")).isPresent();
            assertThat(oldest.resolve("/round-3")).isEmpty();
        }
    }

    @Test
    void aSoundCatalogIsLeftAsItIsAndAMissingOneIsCreatedLater() throws IOException {
        CatalogRecovery recovery = new CatalogRecovery(db(), backups(), clock);
        assertThat(recovery.ensureUsable()).isEqualTo(CatalogRecovery.Outcome.ABSENT);
        try (Catalog catalog = Catalog.open(db(), clock)) {
            fill(catalog, "data", 5);
        }
        byte[] before = Files.readAllBytes(db());
        assertThat(recovery.ensureUsable()).isEqualTo(CatalogRecovery.Outcome.SOUND);
        assertThat(Files.readAllBytes(db())).isEqualTo(before);
        assertThat(siblings()).containsExactly("catalog.db");
    }

    @Test
    void aCatalogTruncatedToHalfIsSetAsideAndRestoredFromTheNewestBackup() throws IOException {
        CatalogBackups backups = backups();
        try (Catalog catalog = Catalog.open(db(), clock)) {
            fill(catalog, "older", 10);
            backups.take(catalog);
            fill(catalog, "data", 3000);
            backups.take(catalog);
            catalog.mkdir(Catalog.ROOT_ID, "after-the-backup", 0755, 0, 0, NOW);
        }
        truncateToHalf(db());
        byte[] damaged = Files.readAllBytes(db());
        assertThat(CatalogRecovery.fault(db())).as("the truncated catalog fails the check").isPresent();

        assertThat(new CatalogRecovery(db(), backups, clock).ensureUsable()).isEqualTo(CatalogRecovery.Outcome.RESTORED);

        try (Catalog restored = Catalog.open(db(), clock)) {
            assertThat(restored.resolve("/data/file-with-a-longish-name-2999.bin")).isPresent();
            assertThat(restored.resolve("/after-the-backup")).isEmpty();
        }
        Path aside = onlySetAside();
        assertThat(Files.readAllBytes(aside)).as("the damaged catalog is kept byte for byte").isEqualTo(damaged);
        assertThat(backups.newestFirst()).as("the backups are untouched").hasSize(2);
    }

    @Test
    void aBackupThatFailsTheCheckTooIsPassedOverForAnOlderOne() throws IOException {
        CatalogBackups backups = backups();
        try (Catalog catalog = Catalog.open(db(), clock)) {
            fill(catalog, "older", 10);
            backups.take(catalog);
            fill(catalog, "data", 3000);
            backups.take(catalog);
        }
        truncateToHalf(backups.newestFirst().get(0));
        Files.write(db(), "not an SQLite database, just text".repeat(200).getBytes());

        assertThat(new CatalogRecovery(db(), backups, clock).ensureUsable()).isEqualTo(CatalogRecovery.Outcome.RESTORED);

        try (Catalog restored = Catalog.open(db(), clock)) {
            assertThat(restored.resolve("/older/file-with-a-longish-name-9.bin")).isPresent();
            assertThat(restored.resolve("/data")).isEmpty();
        }
        assertThat(siblings()).doesNotContain("catalog.db.restoring");
    }

    @Test
    void withNoBackupTheDamagedCatalogIsSetAsideAndANewOneStarts() throws IOException {
        try (Catalog catalog = Catalog.open(db(), clock)) {
            fill(catalog, "data", 3000);
        }
        truncateToHalf(db());
        byte[] damaged = Files.readAllBytes(db());

        assertThat(new CatalogRecovery(db(), backups(), clock).ensureUsable())
                .isEqualTo(CatalogRecovery.Outcome.SET_ASIDE);

        assertThat(db()).doesNotExist();
        assertThat(Files.readAllBytes(onlySetAside())).isEqualTo(damaged);
        try (Catalog fresh = Catalog.open(db(), clock)) {
            assertThat(fresh.children(Catalog.ROOT_ID)).isEmpty();
        }
    }

    @Test
    void aBurstOfRequestsTakesAtMostTwoBackupsAndTheLastOneHoldsTheLastChange() throws IOException {
        CatalogBackups backups = backups();
        try (Catalog catalog = Catalog.open(db(), clock)) {
            fill(catalog, "data", 3000);
            BackupRequests requests = new BackupRequests(catalog, backups, Duration.ofSeconds(30));
            long readingsBefore = clock.readings();
            for (int i = 0; i < 50; i++) {
                catalog.mkdir(Catalog.ROOT_ID, "burst-" + i, 0755, 0, 0, NOW);
                requests.request();
            }
            requests.close();
            long taken = (clock.readings() - readingsBefore) / 2;
            assertThat(taken).as("backups taken for 50 requests").isBetween(1L, 3L);
        }
        try (Catalog newest = Catalog.open(backups.newestFirst().get(0), clock)) {
            assertThat(newest.resolve("/burst-49")).isPresent();
        }
    }

    private List<String> siblings() throws IOException {
        try (Stream<Path> files = Files.list(db().getParent())) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path onlySetAside() throws IOException {
        try (Stream<Path> files = Files.list(db().getParent())) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().matches("catalog\\.db\\.corrupt-\\d{8}T\\d{6}Z"))
                    .toList();
            assertThat(aside).hasSize(1);
            return aside.get(0);
        }
    }

    private static final class SteppingClock extends Clock {
        private final AtomicLong readings = new AtomicLong();

        long readings() {
            return readings.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return NOW.plusSeconds(readings.incrementAndGet());
        }
    }
}
