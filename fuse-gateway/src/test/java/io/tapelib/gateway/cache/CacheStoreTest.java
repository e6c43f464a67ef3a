package io.tapelib.gateway.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheStoreTest {
    /** A real file of a few hundred KiB to stand in for a file on tape. */
    private static final Path SAMPLE = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/libawt.so");
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

    @TempDir
    Path dir;

    private static DirtyRecord dirty(long inode, String path, long size) {
        return new DirtyRecord(inode, path, size, 0644, 1000, 1000, NOW, NOW);
    }

    /** The journal file's bytes as Latin-1 text: its JSON records can be searched, its binary frame headers ignored. */
    private String journalText() throws IOException {
        Path journal = dir.resolve("objects/" + DirtyLog.NAME);
        return Files.exists(journal) ? new String(Files.readAllBytes(journal), StandardCharsets.ISO_8859_1) : "";
    }

    private static byte[] readAll(CacheStore cache, long inode, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length + 10);
        int read = cache.read(inode, buffer, 0, length + 10);
        return Arrays.copyOf(buffer.array(), read);
    }

    @Test
    void writesReadsBackAndKeepsDirtyObjectsAcrossRestart() throws IOException {
        byte[] content = Files.readAllBytes(SAMPLE);
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            cache.create(42);
            cache.markDirty(dirty(42, "/docs/libawt.so", content.length));
            assertThat(cache.write(42, ByteBuffer.wrap(content), 0)).isEqualTo(content.length);
            cache.sync(42);

            assertThat(readAll(cache, 42, content.length)).isEqualTo(content);
            assertThat(cache.usedBytes()).isEqualTo(content.length);
            cache.truncate(42, 100);
            assertThat(readAll(cache, 42, content.length)).isEqualTo(Arrays.copyOf(content, 100));
        }
        assertThat(dir.resolve("objects/42")).exists();
        try (CacheStore reopened = new CacheStore(dir, 10_000_000)) {
            assertThat(reopened.isPresent(42)).isTrue();
            assertThat(reopened.isDirty(42)).isTrue();
            assertThat(reopened.usedBytes()).isEqualTo(100);
            assertThat(reopened.dirtyRecords()).containsExactly(dirty(42, "/docs/libawt.so", content.length));
            reopened.markClean(42);
            assertThat(reopened.dirtyRecords()).isEmpty();
        }
        try (CacheStore again = new CacheStore(dir, 10_000_000)) {
            assertThat(again.isDirty(42)).as("the journal's removal is kept").isFalse();
            assertThat(again.dirtyRecords()).isEmpty();
        }
    }

    @Test
    void evictsLeastRecentlyUsedCleanObjectsAndNeverDirtyOnes() {
        try (CacheStore cache = new CacheStore(dir, 3000)) {
            for (long inode = 1; inode <= 3; inode++) {
                cache.create(inode);
                cache.write(inode, ByteBuffer.allocate(1000), 0);
            }
            cache.markDirty(dirty(1, "/one", 1000));
            readAll(cache, 2, 1000);

            cache.create(4);
            cache.write(4, ByteBuffer.allocate(1000), 0);

            assertThat(cache.isPresent(1)).as("dirty, pinned").isTrue();
            assertThat(cache.isPresent(3)).as("least recently used clean object").isFalse();
            assertThat(cache.isPresent(2)).isTrue();
            assertThat(cache.usedBytes()).isEqualTo(3000);

            cache.acquire(2);
            assertThat(cache.evictAll()).as("only 4: 2 is open, 1 dirty").isEqualTo(1);
            assertThat(cache.isPresent(1)).isTrue();
            assertThat(cache.isPresent(2)).isTrue();
            assertThat(cache.isPresent(4)).isFalse();
            cache.release(2);
            assertThat(cache.evictAll()).isEqualTo(1);
            assertThat(cache.usedBytes()).isEqualTo(1000);

            cache.create(5);
            cache.markDirty(dirty(5, "/five", 2000));
            cache.write(5, ByteBuffer.allocate(2000), 0);
            assertThatThrownBy(() -> cache.write(5, ByteBuffer.allocate(1), 2000))
                    .isInstanceOf(CacheFullException.class)
                    .hasMessageContaining("CACHE_MAX_BYTES is 3000 bytes, 3000 used: 3000 by 2 dirty files");
        }
    }

    @Test
    void aRecallBegunAgainAfterItsStreamWasCutResumesAtTheFirstByteMissing() throws Exception {
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            RecallTarget recall = cache.recallTarget();
            assertThat(cache.recalls().start(7, 3000)).isTrue();
            assertThat(recall.begin(7, 3000)).as("nothing arrived yet").isZero();
            recall.write(7, 0, ByteBuffer.allocate(1000));
            recall.write(7, 2000, ByteBuffer.allocate(500));

            assertThat(recall.begin(7, 3000)).as("bytes [0, 1000) held without a hole").isEqualTo(1000);

            recall.write(7, 1000, ByteBuffer.allocate(1000));
            assertThat(recall.begin(7, 3000)).isEqualTo(2500);
        }
    }

    @Test
    void aReaderWaitingOnARangeIsReleasedWhenTheRecallWritesIt() throws Exception {
        byte[] content = Files.readAllBytes(SAMPLE);
        int offset = content.length / 2;
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            assertThat(cache.recalls().start(7, content.length)).isTrue();
            assertThat(cache.recalls().start(7, content.length)).as("already running").isFalse();
            RecallTarget recall = cache.recallTarget();
            recall.begin(7, content.length);

            CompletableFuture<RangeWait> reader = CompletableFuture.supplyAsync(
                    () -> cache.recalls().awaitRange(7, offset, 4096, Duration.ofSeconds(20)));
            recall.write(7, 0, ByteBuffer.wrap(content, 0, offset));
            assertThat(reader).as("range not there yet").isNotDone();
            recall.write(7, offset, ByteBuffer.wrap(content, offset, 65536));

            assertThat(reader.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(RangeWait.Outcome.PRESENT);
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            assertThat(cache.read(7, buffer, offset, 4096)).isEqualTo(4096);
            assertThat(buffer.array()).isEqualTo(Arrays.copyOfRange(content, offset, offset + 4096));
            assertThat(cache.isPresent(7)).isFalse();

            recall.write(7, offset + 65536, ByteBuffer.wrap(content, offset + 65536, content.length - offset - 65536));
            recall.complete(7);
            assertThat(cache.isPresent(7)).isTrue();
            assertThat(cache.isRecalling(7)).isFalse();
            assertThat(readAll(cache, 7, content.length)).isEqualTo(content);
            assertThat(dir.resolve("objects/7")).hasSize(content.length);
            assertThat(dir.resolve("objects/7.part")).doesNotExist();
        }
    }

    @Test
    void aReaderTimesOutWhenNothingArrivesAndLearnsOfAFailure() throws Exception {
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            cache.recalls().start(9, 1_000_000);
            long started = System.nanoTime();
            RangeWait wait = cache.recalls().awaitRange(9, 0, 4096, Duration.ofMillis(300));
            assertThat(wait.outcome()).isEqualTo(RangeWait.Outcome.TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            cache.acquire(9);
            CompletableFuture<RangeWait> reader = CompletableFuture.supplyAsync(
                    () -> cache.recalls().awaitRange(9, 0, 4096, Duration.ofSeconds(20)));
            cache.recallTarget().fail(9, "MEDIUM ERROR: unrecovered read error at block 1234");
            RangeWait failed = reader.get(10, TimeUnit.SECONDS);
            assertThat(failed.outcome()).isEqualTo(RangeWait.Outcome.FAILED);
            assertThat(failed.failure()).contains("unrecovered read error");
            assertThat(cache.usedBytes()).isZero();
            assertThat(cache.recalls().start(9, 1_000_000)).as("a failed recall can be retried").isTrue();
        }
    }

    @Test
    void aRecallEndingWithMissingBytesFailsAndARestartDropsHalfRecalledObjects() {
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            cache.recalls().start(11, 8192);
            cache.acquire(11);
            cache.recallTarget().write(11, 0, ByteBuffer.allocate(4096));
            cache.recallTarget().complete(11);
            RangeWait wait = cache.recalls().awaitRange(11, 0, 1, Duration.ZERO);
            assertThat(wait.outcome()).isEqualTo(RangeWait.Outcome.FAILED);
            assertThat(wait.failure()).contains("bytes missing");
            assertThat(cache.isPresent(11)).isFalse();

            cache.recalls().start(12, 8192);
        }
        assertThat(dir.resolve("objects/12.part")).exists();
        try (CacheStore reopened = new CacheStore(dir, 10_000_000)) {
            assertThat(reopened.isPresent(12)).isFalse();
            assertThat(dir.resolve("objects/12.part")).doesNotExist();
            assertThat(reopened.usedBytes()).isZero();
        }
    }

    @Test
    void aCacheOfAnotherCatalogIsSetAsideNotDeletedAndTheCacheStartsEmpty() throws IOException {
        byte[] content = Files.readAllBytes(SAMPLE);
        try (CacheStore cache = new CacheStore(dir, 10_000_000, "catalog-one", inode -> false)) {
            cache.create(42);
            cache.markDirty(dirty(42, "/docs/libawt.so", content.length));
            cache.write(42, ByteBuffer.wrap(content), 0);
            cache.sync(42);
        }
        assertThat(dir.resolve(CatalogClaim.IDENTITY_FILE)).content().isEqualToIgnoringNewLines("catalog-one");
        try (CacheStore same = new CacheStore(dir, 10_000_000, "catalog-one", inode -> false)) {
            assertThat(same.isDirty(42)).as("same catalog: kept").isTrue();
        }

        try (CacheStore other = new CacheStore(dir, 10_000_000, "catalog-two", inode -> false)) {
            assertThat(other.isPresent(42)).isFalse();
            assertThat(other.dirtyRecords()).isEmpty();
            assertThat(other.usedBytes()).isZero();
        }
        assertThat(dir.resolve(CatalogClaim.IDENTITY_FILE)).content().isEqualToIgnoringNewLines("catalog-two");
        List<Path> setAside;
        try (Stream<Path> files = Files.walk(dir.resolve("set-aside"))) {
            setAside = files.filter(Files::isRegularFile).toList();
        }
        assertThat(setAside).extracting(file -> file.getFileName().toString()).containsExactlyInAnyOrder("42", "42.dirty");
        Path object = setAside.stream().filter(file -> file.endsWith("42")).findFirst().orElseThrow();
        assertThat(object.getParent().getParent().getFileName().toString()).endsWith("-other-catalog");
        assertThat(Files.readAllBytes(object)).isEqualTo(content);
    }

    @Test
    void aCacheWithObjectsButNoRecordedCatalogIsSetAsideToo() throws IOException {
        try (CacheStore unbound = new CacheStore(dir, 10_000_000)) {
            unbound.create(3);
            unbound.write(3, ByteBuffer.allocate(10), 0);
        }
        try (CacheStore cache = new CacheStore(dir, 10_000_000, "catalog-one", inode -> false)) {
            assertThat(cache.isPresent(3)).isFalse();
        }
        try (Stream<Path> files = Files.walk(dir.resolve("set-aside"))) {
            assertThat(files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()))
                    .containsExactly("3");
        }
    }

    @Test
    void markCleanKeepsTheJournalOfAFileThatIsDirtyAgain() {
        Set<Long> dirtyInCatalog = ConcurrentHashMap.newKeySet();
        try (CacheStore cache = new CacheStore(dir, 10_000_000, "catalog-one", dirtyInCatalog::contains)) {
            cache.create(5);
            cache.markDirty(dirty(5, "/five", 0));
            dirtyInCatalog.add(5L);
            assertThat(cache.markClean(5)).as("written again after the migration was recorded").isFalse();
            assertThat(cache.isDirty(5)).isTrue();
            assertThat(cache.dirtyRecords()).containsExactly(dirty(5, "/five", 0));
            assertThat(cache.evictAll()).isZero();

            dirtyInCatalog.remove(5L);
            assertThat(cache.markClean(5)).isTrue();
            assertThat(cache.dirtyRecords()).isEmpty();
            assertThat(cache.evictAll()).isEqualTo(1);
        }
    }

    @Test
    void setsAsideOneObjectWithItsJournal() throws IOException {
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            cache.create(8);
            cache.markDirty(dirty(8, "/gone", 4));
            cache.write(8, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 0);
            Path target = cache.setAside(8, "orphans");

            assertThat(target.getParent()).isEqualTo(dir.resolve("set-aside"));
            assertThat(target.resolve("8")).hasBinaryContent(new byte[] {1, 2, 3, 4});
            assertThat(target.resolve("8.dirty")).content().contains("/gone");
            assertThat(cache.isPresent(8)).isFalse();
            assertThat(cache.isDirty(8)).isFalse();
            assertThat(cache.usedBytes()).isZero();
            assertThat(dir.resolve("objects/8")).doesNotExist();
        }
    }

    @Test
    void anOrdinaryJournalRecordIsWrittenAtTheCommitTheNewestOnceAndNotAtAllForAFileCleanedBefore() throws IOException {
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            cache.create(3);
            cache.markDirty(dirty(3, "/three", 0), false);
            cache.markDirty(dirty(3, "/three", 5), false);
            cache.create(4);
            cache.markDirty(dirty(4, "/four", 1), false);

            assertThat(cache.isDirty(3)).isTrue();
            assertThat(cache.evictAll()).as("dirty before its record is written, so never evicted").isZero();
            assertThat(journalText()).as("nothing written before the commit").doesNotContain("/three");
            assertThat(cache.dirtyRecords()).containsExactlyInAnyOrder(dirty(3, "/three", 5), dirty(4, "/four", 1));

            assertThat(cache.markClean(4)).isTrue();
            cache.commit();
            assertThat(journalText()).contains("\"size\":5").doesNotContain("\"size\":0").doesNotContain("/four");

            cache.create(6);
            cache.markDirty(dirty(6, "/six", 2), false);
        }
        try (CacheStore reopened = new CacheStore(dir, 10_000_000)) {
            assertThat(reopened.dirtyRecords()).as("close writes what the last commit did not")
                    .containsExactlyInAnyOrder(dirty(3, "/three", 5), dirty(6, "/six", 2));
        }
    }
}
