package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tapelib.gateway.cache.RangeWait;
import io.tapelib.gateway.controller.FileTimes;
import io.tapelib.gateway.controller.RecallBatch;
import io.tapelib.gateway.controller.TapeExtent;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RecallService against the in-memory controller: offline files come back into the cache, tape by tape. */
class RecallServiceTest {
    private static final Instant WRITTEN = Instant.parse("2024-11-05T08:00:00.5Z");

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private RecallService recalls;

    private void open(Duration recallTimeout) {
        open(recallTimeout, 100_000_000);
    }

    private void open(Duration recallTimeout, long cacheBytes) {
        gateway = new TieringFixture(dir, recallTimeout, cacheBytes);
        recalls = new RecallService(gateway.catalog, gateway.cache, gateway.controller, gateway.config, gateway.clock,
                gateway.imports);
        gateway.namespace(recalls);
        gateway.controller.volume("TAPE01L6", 100_000_000).volume("TAPE02L6", 100_000_000);
    }

    @AfterEach
    void close() {
        recalls.stop();
        gateway.close();
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * seed + i / 7);
        }
        return bytes;
    }

    /** Puts a file on a tape and in its index, in pieces at the given file offsets (a sparse file when they leave gaps). */
    private void onTape(String volumeTag, String path, long length, long[] offsets, byte[]... pieces) {
        List<TapeExtent> extents = new ArrayList<>();
        for (int i = 0; i < pieces.length; i++) {
            TapeExtent written = gateway.controller.write(volumeTag, pieces[i]);
            extents.add(new TapeExtent(written.partition(), written.startBlock(), written.byteOffset(),
                    written.byteCount(), offsets[i]));
        }
        gateway.controller.indexEntry(volumeTag, new TapeIndexEntry(path, FileKind.FILE, length, 0644, 1000, 1000,
                new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN), null, extents, List.of()));
    }

    private void catalogTheTapes() {
        new StartupIndexer(gateway.controller, gateway.catalog, gateway.clock, gateway.backups).indexNewCartridges(stale -> { });
    }

    @Test
    void anOfflineFileIsRecalledOnItsFirstReadWithItsSparseGapsAsZeros() {
        open(Duration.ofSeconds(20));
        byte[] head = bytes(3000, 3);
        byte[] middle = bytes(2500, 5);
        onTape("TAPE01L6", "data/sparse.bin", 9000, new long[] {0, 5000}, head, middle);
        catalogTheTapes();
        recalls.start();

        byte[] read = gateway.readFile("/data/sparse.bin");

        byte[] expected = new byte[9000];
        System.arraycopy(head, 0, expected, 0, head.length);
        System.arraycopy(middle, 0, expected, 5000, middle.length);
        assertThat(read).isEqualTo(expected);
        assertThat(gateway.controller.recalls).hasSize(1);
        RecallBatch call = gateway.controller.recalls.get(0);
        assertThat(call.volumeTag()).isEqualTo("TAPE01L6");
        assertThat(call.files()).singleElement().satisfies(file -> {
            assertThat(file.fileId()).isEqualTo(gateway.inode("/data/sparse.bin").id());
            assertThat(file.length()).isEqualTo(9000);
            assertThat(file.extents()).extracting(TapeExtent::fileOffset).containsExactly(0L, 5000L);
        });
        assertThat(gateway.readFile("/data/sparse.bin")).as("now cached: no second recall").isEqualTo(expected);
        assertThat(gateway.controller.recalls).hasSize(1);
    }

    @Test
    void aSparseFileLargerThanTheCacheStreamsThroughItWithHolesBeyondTheFirstWindowAsZeros() {
        int mib = 1024 * 1024;
        open(Duration.ofSeconds(20), 16L * mib);
        byte[] head = bytes(20 * mib, 3);
        byte[] middle = bytes(10 * mib, 5);
        // holes at [20, 30) MiB and [40, 48) MiB, both beyond what a 16 MiB cache can hold at once
        onTape("TAPE01L6", "data/large-sparse.bin", 48L * mib, new long[] {0, 30L * mib}, head, middle);
        catalogTheTapes();
        recalls.start();

        byte[] expected = new byte[48 * mib];
        System.arraycopy(head, 0, expected, 0, head.length);
        System.arraycopy(middle, 0, expected, 30 * mib, middle.length);
        long handle = gateway.namespace().open("/data/large-sparse.bin", false, false);
        try {
            ByteBuffer buffer = ByteBuffer.allocate(mib);
            for (int offset = 0; offset < expected.length; offset += mib) {
                buffer.clear();
                int read = gateway.namespace().read(handle, buffer, offset, mib);
                assertThat(read).as("bytes read at %d", offset).isEqualTo(mib);
                assertThat(Arrays.copyOf(buffer.array(), read)).as("the MiB at %d", offset)
                        .isEqualTo(Arrays.copyOfRange(expected, offset, offset + mib));
            }
        } finally {
            gateway.namespace().release(handle);
        }
        assertThat(gateway.cache.usedBytes()).as("the cache stayed within its cap").isLessThanOrEqualTo(16L * mib);
    }

    @Test
    void queuedRecallsAreServedOneCallPerTapeTheLoadedTapeFirst() {
        open(Duration.ofSeconds(20));
        onTape("TAPE01L6", "a.bin", 4000, new long[] {0}, bytes(4000, 1));
        onTape("TAPE02L6", "c.bin", 2000, new long[] {0}, bytes(2000, 3));
        onTape("TAPE01L6", "b.bin", 3000, new long[] {0}, bytes(3000, 2));
        catalogTheTapes();
        gateway.controller.loaded("TAPE02L6");
        recalls.start();
        List<Long> inodes = List.of("/a.bin", "/c.bin", "/b.bin").stream().map(p -> gateway.inode(p).id()).toList();

        // one bulk call: the requests arrive at once, so the cartridge in the drive goes first
        BulkRecallResult bulk = recalls.recallPaths(List.of("/b.bin", "/c.bin", "/a.bin"));
        assertThat(bulk).isEqualTo(new BulkRecallResult(3, 0, 0, List.of()));

        for (long inode : inodes) {
            assertThat(gateway.cache.recalls().awaitComplete(inode, Duration.ofSeconds(10)).outcome())
                    .isEqualTo(RangeWait.Outcome.PRESENT);
        }
        assertThat(gateway.controller.recalls).extracting(RecallBatch::volumeTag).containsExactly("TAPE02L6", "TAPE01L6");
        assertThat(gateway.controller.recalls.get(1).files()).as("in tape order, not in the order asked")
                .extracting(RecallBatch.File::fileId).containsExactly(inodes.get(0), inodes.get(2));
        assertThat(gateway.readFile("/b.bin")).isEqualTo(bytes(3000, 2));
    }

    @Test
    void whileTheControllerIsAwayAReadFailsWithEioAfterTheRecallTimeoutAndALaterReadRecalls() {
        open(Duration.ofSeconds(1));
        onTape("TAPE01L6", "report.txt", 1500, new long[] {0}, bytes(1500, 7));
        catalogTheTapes();
        recalls.start();
        gateway.controller.away(true);

        long started = System.nanoTime();
        assertThatThrownBy(() -> gateway.readFile("/report.txt")).isInstanceOf(NamespaceException.class)
                .satisfies(e -> assertThat(((NamespaceException) e).errno()).isEqualTo(Errno.EIO));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(gateway.controller.recalls).isEmpty();
        long inode = gateway.inode("/report.txt").id();
        await("the recall service gave the request up").atMost(Duration.ofSeconds(10))
                .until(() -> !gateway.cache.isRecalling(inode));

        gateway.controller.away(false);
        assertThat(gateway.readFile("/report.txt")).isEqualTo(bytes(1500, 7));
    }

    @Test
    void aRecallWaitsForAControllerThatComesBackWithinTheTimeout() throws Exception {
        open(Duration.ofSeconds(20));
        onTape("TAPE01L6", "report.txt", 1500, new long[] {0}, bytes(1500, 7));
        catalogTheTapes();
        recalls.start();
        gateway.controller.away(true);

        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> gateway.readFile("/report.txt"));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.controller.connectionChecks.get() >= 2);
        assertThat(read).isNotDone();
        gateway.controller.away(false);

        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(bytes(1500, 7));
        assertThat(gateway.controller.recalls).hasSize(1);
    }
}
