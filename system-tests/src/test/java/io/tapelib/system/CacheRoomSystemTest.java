package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import com.sun.nio.file.ExtendedOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 5, through the real jars and a real mount: with CACHE_MAX_BYTES=200 MB the cache bends
 * instead of failing. A 1 GiB offline file streams through it, eight 100 MB offline files read in parallel, and a
 * 300 MB write fails with ENOSPC only after CACHE_WAIT_TIMEOUT, with one log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheRoomSystemTest {
    private static final long CACHE_MAX_BYTES = 200_000_000;
    /** The controller's largest Recall chunk (RecallSink.MAX_CHUNK_BYTES), bytes. */
    private static final long CHUNK = 1024 * 1024;
    private static final long GIB = 1024L * 1024 * 1024;
    private static final long HUNDRED_MB = 100_000_000;
    private static final int READERS = 8;
    private static final Duration CACHE_WAIT_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path work;

    @AutoClose
    private LibraryPair pair;
    private Path mount;
    private String bigSha256;
    private final List<String> smallSha256 = new ArrayList<>();

    @BeforeAll
    void importAndStart() throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        bigSha256 = MountFiles.writeGenerated(source.resolve("big.bin"), GIB, 1);
        for (int i = 1; i <= READERS; i++) {
            smallSha256.add(MountFiles.writeGenerated(source.resolve("r" + i + ".bin"), HUNDRED_MB, 100 + i));
        }
        pair = new LibraryPair("cache-room", work, Map.of(), Map.of(
                "CACHE_MAX_BYTES", Long.toString(CACHE_MAX_BYTES),
                "CACHE_WAIT_TIMEOUT", CACHE_WAIT_TIMEOUT.toSeconds() + "s",
                "WRITE_DELAY", "1h",
                "RECALL_TIMEOUT", "120s"));
        mount = pair.mount;
        pair.importTree(source, "TL0001L5");
        try (var files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.delete(file);   // on tape now; the digests are what the reads are checked against
            }
        }

        pair.start();
    }

    @Test
    @Order(1)
    void aFileFiveTimesTheCacheReadsBackWhileTheCacheStaysWithinItsCap() throws Exception {
        Path objects = work.resolve("cache").resolve("objects");
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try {
            sampler.scheduleWithFixedDelay(() -> {
                try {
                    peak.accumulateAndGet(MountFiles.treeBytes(objects), Math::max);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            assertThat(MountFiles.xattr(mount.resolve("big.bin"), "tapelib.state")).isEqualTo("offline");
            assertThat(MountFiles.sha256(mount.resolve("big.bin"))).isEqualTo(bigSha256);
            System.out.printf("CacheRoomSystemTest: 1 GiB read through a %d-byte cache in %d ms, cache peak %d bytes%n",
                    CACHE_MAX_BYTES, Duration.ofNanos(System.nanoTime() - started).toMillis(), peak.get());
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(peak.get()).as("the cache directory's size while reading").isGreaterThan(0)
                .isLessThanOrEqualTo(CACHE_MAX_BYTES + CHUNK);
    }

    @Test
    @Order(2)
    void aReaderFarBehindTheStreamRecallsAgainFromItsOffset() throws Exception {
        Path big = mount.resolve("big.bin");
        // The first test's recall logs its end after its reader may have read the last bytes: counted before it was
        // logged, it would be counted as this test's (seen on a loaded machine)
        await("the first test's recall logged its end").atMost(Duration.ofSeconds(30))
                .until(() -> recallsLogged() >= 1);
        long recallsBefore = recallsLogged();
        // O_DIRECT: the kernel's page cache still holds the file from the first read; these reads must reach the mount.
        try (FileChannel ahead = FileChannel.open(big, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            long position = readStamped(ahead, 0, 600 * CHUNK);
            try (FileChannel behind = FileChannel.open(big, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
                readStamped(behind, 5 * CHUNK, 6 * CHUNK);   // streamed past long ago: a new recall from there
            }
            assertThat(readStamped(ahead, position, GIB)).isEqualTo(GIB);
        }
        // The recall logs its end after it delivered the last bytes, which the reader may have read first.
        await("the recall from the reader behind logged its end").atMost(Duration.ofSeconds(30))
                .until(() -> recallsLogged() - recallsBefore >= 1);
        assertThat(recallsLogged() - recallsBefore).as("the recall from the reader behind went to the end").isEqualTo(1);
        assertThat(Files.readAllLines(pair.gateway.log())).as("the first recall was superseded")
                .anyMatch(line -> line.contains("Recall of inode") && line.contains("was restarted"));
        // The recall's last message may come after the reader closed: then the ring goes.
        await("nothing of big.bin kept").atMost(Duration.ofSeconds(30))
                .until(() -> MountFiles.treeBytes(work.resolve("cache").resolve("objects")) == 0);
    }

    /**
     * Reads [from, to) in 1 MiB reads and checks each MiB's stamp (its offset, written by
     * {@link MountFiles#writeGenerated}).
     *
     * @return the position reached
     */
    private long readStamped(FileChannel channel, long from, long to) throws IOException {
        int alignment = (int) Files.getFileStore(mount).getBlockSize();
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) CHUNK + alignment).alignedSlice(alignment);
        buffer.limit((int) CHUNK);
        long position = from;
        while (position < to) {
            buffer.clear().limit((int) CHUNK);
            int n = channel.read(buffer, position);
            assertThat(n).as("read at %d", position).isPositive();
            if (position % CHUNK == 0 && n >= Long.BYTES) {
                assertThat(buffer.getLong(0)).as("stamp at %d", position).isEqualTo(position);
            }
            position += n;
        }
        return position;
    }

    /** Recall calls the gateway has logged so far (big.bin is the only file this class recalls alone). */
    private long recallsLogged() throws IOException {
        return Files.readAllLines(pair.gateway.log()).stream().filter(line -> line.contains("Recalled 1 files (1073741824"))
                .count();
    }

    @Test
    @Order(3)
    void eightParallelReadersOfOfflineFilesThatTogetherPassTheCapAllSucceed() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        try {
            long started = System.nanoTime();
            List<CompletableFuture<String>> reads = new ArrayList<>();
            for (int i = 1; i <= READERS; i++) {
                Path file = mount.resolve("r" + i + ".bin");
                reads.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return MountFiles.sha256(file);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(file + ": " + e.getMessage(), e);
                    }
                }, readers));
            }
            List<String> digests = new ArrayList<>();
            for (CompletableFuture<String> read : reads) {
                digests.add(read.get(5, TimeUnit.MINUTES));
            }
            System.out.printf("CacheRoomSystemTest: %d parallel readers of 100 MB offline files done in %d ms%n",
                    READERS, Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertThat(digests).containsExactlyElementsOf(smallSha256);
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void aWriteLargerThanTheCacheFailsWithEnospcOnlyAfterTheWaitWithOneLogLine() throws Exception {
        long logOffset = pair.gateway.logSize();
        Path file = mount.resolve("too-big.bin");
        ByteBuffer block = ByteBuffer.allocate((int) CHUNK);
        long[] written = {0};
        // The kernel splits a write into requests: the one that finds no room waits, the call returns what was
        // written before it, and the next call gets ENOSPC. Timed from the end of the last complete call.
        long[] lastCompleteCall = {System.nanoTime()};
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> {
                while (written[0] < 300_000_000) {
                    block.clear();
                    int n = channel.write(block);
                    written[0] += n;
                    if (n == block.capacity()) {
                        lastCompleteCall[0] = System.nanoTime();
                    }
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - lastCompleteCall[0]);
        System.out.printf("CacheRoomSystemTest: the write failed after %d bytes, %d ms after the last complete"
                + " write call%n", written[0], waited.toMillis());
        assertThat(waited).as("ENOSPC only after one CACHE_WAIT_TIMEOUT")
                .isBetween(CACHE_WAIT_TIMEOUT.minusMillis(200), CACHE_WAIT_TIMEOUT.plusSeconds(3));
        assertThat(written[0]).as("what fits was written").isGreaterThan(CACHE_MAX_BYTES - 2 * CHUNK)
                .isLessThanOrEqualTo(CACHE_MAX_BYTES);
        String log = pair.gateway.logSince(logOffset);
        assertThat(log.lines().filter(line -> line.contains("No room in the cache"))).singleElement().asString()
                .contains("CACHE_MAX_BYTES is " + CACHE_MAX_BYTES + " bytes").contains("dirty files");
        Files.delete(file);
    }
}
