package io.tapelib.gateway.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The cache bends instead of failing: files larger than the cache stream through it, writes wait for room. */
class CacheRoomTest {
    private static final int CHUNK = 1024 * 1024;
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

    @TempDir
    Path dir;

    @Test
    void aFileFourTimesTheCacheStreamsThroughInOrderWithinTheCap() throws Exception {
        long max = 12L * CHUNK;
        long length = 4 * max + 12345;
        try (CacheStore cache = new CacheStore(dir, max)) {
            cache.acquire(9);
            assertThat(cache.recalls().start(9, length, 0, Duration.ofSeconds(20))).isTrue();
            AtomicLong peak = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                RecallTarget target = cache.recallTarget();
                target.begin(9, length);
                for (long offset = 0; offset < length; offset += CHUNK) {
                    target.write(9, offset, ByteBuffer.wrap(pattern(offset, (int) Math.min(CHUNK, length - offset))));
                    peak.accumulateAndGet(cache.usedBytes(), Math::max);
                }
                target.complete(9);
            });

            MessageDigest read = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(128 * 1024);
            for (long offset = 0; offset < length; ) {
                int want = (int) Math.min(buffer.capacity(), length - offset);
                assertThat(cache.recalls().awaitRange(9, offset, want, Duration.ofSeconds(20)).outcome())
                        .isEqualTo(RangeWait.Outcome.PRESENT);
                buffer.clear();
                int got = cache.read(9, buffer, offset, want);
                read.update(buffer.array(), 0, got);
                offset += got;
                peak.accumulateAndGet(directoryBytes(), Math::max);
            }
            writer.get(20, TimeUnit.SECONDS);

            assertThat(read.digest()).isEqualTo(expectedDigest(length));
            assertThat(peak.get()).as("the cache stays within its cap").isLessThanOrEqualTo(max);
            assertThat(cache.isPresent(9)).as("too large to keep").isFalse();
            assertThat(cache.recalls().awaitRange(9, 0, 10, Duration.ofSeconds(1)).outcome())
                    .as("a seek back to the start after it streamed through").isEqualTo(RangeWait.Outcome.EVICTED);
            assertThat(cache.recalls().restart(9, 0, Duration.ofSeconds(5))).as("ended: may start again").isTrue();
            assertThat(cache.isRecalling(9)).isTrue();
            cache.recallTarget().fail(9, "test over");
            cache.release(9);
            assertThat(cache.usedBytes()).isZero();
            assertThat(directoryBytes()).isZero();
        }
    }

    @Test
    void aSeekBackIntoPassedBytesSupersedesTheRunningRecallAndRecallsFromThatOffset() throws Exception {
        long length = 60L * CHUNK;
        try (CacheStore cache = ringRecall(5, length)) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> deliver(cache, 5, length));
            readAndCheck(cache, 5, 0, 30L * CHUNK);
            assertThat(cache.recalls().awaitRange(5, CHUNK, 4096, Duration.ofSeconds(1)).outcome())
                    .isEqualTo(RangeWait.Outcome.EVICTED);

            assertThat(cache.recalls().restart(5, CHUNK, Duration.ofSeconds(20))).isTrue();
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RecallSupersededException.class);
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> deliver(cache, 5, length));
            readAndCheck(cache, 5, CHUNK, length);
            second.get(10, TimeUnit.SECONDS);
            cache.release(5);
            assertThat(cache.usedBytes()).isZero();
        }
    }

    @Test
    void aRingRecallEndsWhenItsReaderCloses() throws Exception {
        long length = 50L * CHUNK;
        try (CacheStore cache = ringRecall(4, length)) {
            RecallTarget target = cache.recallTarget();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                target.begin(4, length);
                for (long offset = 0; offset < length; offset += CHUNK) {
                    target.write(4, offset, ByteBuffer.allocate(CHUNK));
                }
            });
            heldBack(writer);   // the window is full and no one reads
            cache.release(4);

            assertThatThrownBy(() -> writer.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CacheException.class)
                    .hasMessageContaining("no reader is left");
            assertThat(cache.usedBytes()).isZero();
        }
    }

    @Test
    void aReaderWaitsRecallTimeoutFromTheRecallsStartNotPerCall() {
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            cache.recalls().start(3, 1000, 0, Duration.ofMillis(600));
            long started = System.nanoTime();
            assertThat(cache.recalls().awaitRange(3, 0, 100, Duration.ofSeconds(10)).outcome()).isEqualTo(RangeWait.Outcome.TIMED_OUT);
            assertThat(cache.recalls().awaitRange(3, 100, 100, Duration.ofSeconds(10)).outcome()).isEqualTo(RangeWait.Outcome.TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(550),
                    Duration.ofMillis(2000));
        }
    }

    @Test
    void aWriteThatNeedsRoomWaitsForAMigrationThenFailsOnlyAfterTheWait() throws Exception {
        boolean[] dirty = {true, true};
        try (CacheStore cache = new CacheStore(dir, 3000, null, inode -> dirty[(int) inode - 1],
                Duration.ofSeconds(10))) {
            for (long inode = 1; inode <= 2; inode++) {
                cache.create(inode);
                cache.markDirty(new DirtyRecord(inode, "/f" + inode, 1500, 0644, 0, 0, NOW, NOW));
                cache.write(inode, ByteBuffer.allocate(1500), 0);
            }
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(
                    () -> cache.write(2, ByteBuffer.allocate(500), 1500));
            heldBack(waiting);
            dirty[0] = false;
            cache.markClean(1);   // the write-back migrated file 1: it may now be evicted
            assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(500);
            assertThat(cache.isPresent(1)).isFalse();
        }
        try (CacheStore cache = new CacheStore(dir.resolve("second"), 3000, null, inode -> true,
                Duration.ofMillis(700))) {
            cache.create(5);
            cache.markDirty(new DirtyRecord(5, "/five", 3000, 0644, 0, 0, NOW, NOW));
            cache.write(5, ByteBuffer.allocate(3000), 0);
            long started = System.nanoTime();
            assertThatThrownBy(() -> cache.write(5, ByteBuffer.allocate(1), 3000))
                    .isInstanceOf(CacheFullException.class)
                    .hasMessageContaining("CACHE_MAX_BYTES is 3000 bytes, 3000 used: 3000 by 1 dirty files");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(650));
        }
    }

    @Test
    void recallsTakeRoomWhenTheirBytesArriveAndWaitForIt() throws Exception {
        int length = 6 * CHUNK;
        try (CacheStore cache = new CacheStore(dir, 10L * CHUNK)) {
            cache.acquire(1);
            cache.acquire(2);
            assertThat(cache.recalls().start(1, length, 0, Duration.ofSeconds(20))).isTrue();
            assertThat(cache.recalls().start(2, length, 0, Duration.ofSeconds(20))).as("no room taken yet").isTrue();
            feed(cache, 1, length);
            assertThat(cache.isPresent(1)).isTrue();
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> feed(cache, 2, length));
            heldBack(second);   // 4 MiB free: it waits for the 8 MiB minimum window
            cache.release(1);   // the first reader is done: its object may be evicted
            second.get(10, TimeUnit.SECONDS);
            assertThat(cache.isPresent(2)).as("room for the whole file once 1 was evicted").isTrue();
            assertThat(cache.isPresent(1)).isFalse();
        }
    }

    /** Asserts that {@code work} stays blocked for a while (it waits for room, not for the machine). */
    /** A cache of ten chunks with a handle open on {@code inode} and its recall started. */
    private CacheStore ringRecall(long inode, long length) {
        CacheStore cache = new CacheStore(dir, 10L * CHUNK);
        cache.acquire(inode);
        cache.recalls().start(inode, length, 0, Duration.ofSeconds(20));
        return cache;
    }

    private static void heldBack(CompletableFuture<?> work) {
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> !work.isDone());
    }

    /** Plays the tiering: begins the recall and writes the file's generated bytes in 1 MiB chunks. */
    private static void deliver(CacheStore cache, long inode, long length) {
        RecallTarget target = cache.recallTarget();
        target.begin(inode, length);
        for (long offset = 0; offset < length; offset += CHUNK) {
            target.write(inode, offset, ByteBuffer.wrap(pattern(offset, (int) Math.min(CHUNK, length - offset))));
        }
        target.complete(inode);
    }

    /** Reads [from, to) front to back as a reader would and checks every byte against the generated content. */
    private static void readAndCheck(CacheStore cache, long inode, long from, long to) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (long offset = from; offset < to; ) {
            int want = (int) Math.min(CHUNK - offset % CHUNK, to - offset);
            assertThat(cache.recalls().awaitRange(inode, offset, want, Duration.ofSeconds(20)).outcome()).as("at " + offset)
                    .isEqualTo(RangeWait.Outcome.PRESENT);
            buffer.clear();
            int got = cache.read(inode, buffer, offset, want);
            long chunk = offset / CHUNK * CHUNK;
            byte[] expected = pattern(chunk, CHUNK);
            int at = (int) (offset - chunk);
            assertThat(java.util.Arrays.copyOf(buffer.array(), got)).as("at " + offset)
                    .isEqualTo(java.util.Arrays.copyOfRange(expected, at, at + got));
            offset += got;
        }
    }

    private static void feed(CacheStore cache, long inode, int length) {
        RecallTarget target = cache.recallTarget();
        target.begin(inode, length);
        for (int offset = 0; offset < length; offset += CHUNK) {
            target.write(inode, offset, ByteBuffer.allocate(CHUNK));
        }
        target.complete(inode);
    }

    private long directoryBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("objects"))) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;   // deleted while walking
                }
            }).sum();
        }
    }

    /** Deterministic bytes of the file at {@code offset}, so the reader can check order and content. */
    private static byte[] pattern(long offset, int length) {
        byte[] bytes = new byte[length];
        new Random(offset).nextBytes(bytes);
        return bytes;
    }

    private static byte[] expectedDigest(long length) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (long offset = 0; offset < length; offset += CHUNK) {
            digest.update(pattern(offset, (int) Math.min(CHUNK, length - offset)));
        }
        return digest.digest();
    }
}
