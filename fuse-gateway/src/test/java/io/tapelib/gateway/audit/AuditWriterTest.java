package io.tapelib.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapelib.gateway.catalog.AuditQuery;
import io.tapelib.gateway.catalog.AuditRecord;
import io.tapelib.gateway.catalog.AuditTable;
import io.tapelib.gateway.catalog.Catalog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's writer against a real SQLite audit database: batches, the interval, a full queue, shutdown. */
class AuditWriterTest {
    private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");

    @TempDir
    Path dir;

    private Catalog catalog;
    private AuditTable table;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void openCatalog() {
        catalog = Catalog.open(dir.resolve("catalog.db"));
        table = AuditTable.openBesideCatalog(catalog);
    }

    @AfterEach
    void closeCatalog() {
        table.close();
        catalog.close();
    }

    static AuditRecord record(int n, Instant time) {
        return new AuditRecord(0, time, "create", "/dir/file-" + n, null, 0, 4242, "touch", "mount",
                AuditRecord.OK, null);
    }

    private List<AuditRecord> stored() {
        return table.find(new AuditQuery(null, null, null, 0, 100_000));
    }

    private double dropped(String reason) {
        return registry.counter(AuditWriter.DROPPED, "reason", reason).count();
    }

    @Test
    void writesFullBatchesOfAtMostTheBatchSizeInOneTransactionEach() {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        Consumer<List<AuditRecord>> counting = batch -> {
            table.append(batch);
            batches.add(batch.size());
        };
        try (AuditWriter writer = new AuditWriter(counting, registry,
                new AuditWriter.Settings(10_000, 1_000, Duration.ofSeconds(2)))) {
            for (int i = 0; i < 2_500; i++) {
                writer.record(record(i, T0.plusMillis(i)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> stored().size() == 2_500);
        }
        // offered within far less than the interval: full batches, the rest when the interval ends
        assertThat(batches).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1_000));
        assertThat(batches).contains(1_000).hasSizeLessThanOrEqualTo(4);
        List<AuditRecord> rows = stored();
        assertThat(rows).extracting(AuditRecord::path).startsWith("/dir/file-0", "/dir/file-1").endsWith("/dir/file-2499");
        assertThat(rows.get(0)).isEqualTo(record(0, T0).withId(rows.get(0).id()));
        assertThat(registry.counter(AuditWriter.WRITTEN).count()).isEqualTo(2_500);
    }

    @Test
    void aBatchThatDoesNotFillIsWrittenWhenItsIntervalEnds() {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (AuditWriter writer = new AuditWriter(batch -> {
            table.append(batch);
            batches.add(batch.size());
        }, registry, new AuditWriter.Settings(100, 1_000, Duration.ofMillis(200)))) {
            long start = System.nanoTime();
            writer.record(record(1, T0));
            writer.record(record(2, T0));
            writer.record(record(3, T0));
            await().atMost(Duration.ofSeconds(10)).until(() -> stored().size() == 3);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
        assertThat(batches).containsExactly(3);
    }

    @Test
    void aFullQueueDropsAndCountsRecordsWithoutBlockingTheCaller() throws InterruptedException {
        CountDownLatch catalogStuck = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        AuditWriter writer = new AuditWriter(batch -> {
            writing.countDown();
            try {
                catalogStuck.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            table.append(batch);
        }, registry, new AuditWriter.Settings(10, 5, Duration.ofMillis(1)));
        try {
            writer.record(record(0, T0));
            assertThat(writing.await(10, TimeUnit.SECONDS)).as("the writer is stuck in the catalog").isTrue();
            long start = System.nanoTime();
            for (int i = 1; i <= 1_000; i++) {
                writer.record(record(i, T0));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("1,000 records offered to a full queue")
                    .isLessThan(Duration.ofSeconds(1));
            // 10 wait in the queue, the other 990 are dropped
            assertThat(dropped("queue-full")).isEqualTo(990);
        } finally {
            catalogStuck.countDown();
            writer.close(Duration.ofSeconds(10));
        }
        assertThat(stored()).hasSize(11);
    }

    @Test
    void closingWritesWhatIsQueuedAndLaterRecordsAreDropped() {
        AuditWriter writer = new AuditWriter(table, registry, new AuditWriter.Settings(100, 1_000, Duration.ofHours(1)));
        for (int i = 0; i < 10; i++) {
            writer.record(record(i, T0));
        }
        writer.close(Duration.ofSeconds(10));
        assertThat(stored()).hasSize(10);
        writer.record(record(11, T0));
        assertThat(dropped("queue-full")).isEqualTo(1);
    }

    @Test
    void aBatchTheCatalogRefusesIsCountedAndTheWriterGoesOn() {
        try (AuditWriter writer = new AuditWriter(batch -> {
            if (batch.get(0).path().endsWith("-0")) {
                throw new IllegalStateException("disk full");
            }
            table.append(batch);
        }, registry, new AuditWriter.Settings(100, 1, Duration.ofMillis(10)))) {
            writer.record(record(0, T0));
            writer.record(record(1, T0));
            await().atMost(Duration.ofSeconds(10)).until(() -> stored().size() == 1);
        }
        assertThat(dropped("write-failed")).isEqualTo(1);
        assertThat(stored()).extracting(AuditRecord::path).containsExactly("/dir/file-1");
    }

    @Test
    void whatWasWrittenIsSyncedWithinTheIntervalAndAtCloseButNothingIsSyncedForNothing() {
        java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
        AuditWriter writer = new AuditWriter(table::append, () -> {
            table.sync();
            syncs.incrementAndGet();
        }, Duration.ofMillis(300), registry, new AuditWriter.Settings(100, 1_000, Duration.ofMillis(10)));
        try {
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> syncs.get() == 0);
            writer.record(record(1, T0));
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> syncs.get() == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(stored()).hasSize(1);
            writer.record(record(2, T0));
        } finally {
            writer.close(Duration.ofSeconds(10));
        }
        assertThat(syncs.get()).as("the record written just before close is synced by close").isEqualTo(2);
    }

    @Test
    void retentionPurgesOlderRecordsInSmallDeletes() {
        Instant now = T0.plus(Duration.ofDays(400));
        List<AuditRecord> old = new java.util.ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            old.add(record(i, T0.plusSeconds(i)));
        }
        table.append(old);
        table.append(List.of(record(9_000, now.minus(Duration.ofDays(364))), record(9_001, now)));
        AuditRetention retention = new AuditRetention(table, Duration.ofDays(365), java.time.Clock.fixed(now,
                java.time.ZoneOffset.UTC));
        assertThat(retention.purge()).isEqualTo(2_500);
        assertThat(stored()).extracting(AuditRecord::path).containsExactly("/dir/file-9000", "/dir/file-9001");
        assertThat(retention.purge()).isZero();
    }
}
