package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.tapelib.gateway.namespace.NamespaceFixture.assertErrno;
import static io.tapelib.gateway.namespace.CatalogNamespace.ETA_XATTR;
import static io.tapelib.gateway.namespace.CatalogNamespace.RECALL_XATTR;
import static io.tapelib.gateway.namespace.CatalogNamespace.STATE_XATTR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mount's recall surface at the namespace (issue 12, acceptance 4): {@code user.tapelib.recall} queues a bulk
 * recall and returns, {@code user.tapelib.eta} reports the scheduler's estimate, an O_NONBLOCK open of an offline
 * file answers EAGAIN and queues its recall. The recall scheduler is a double that records what it is asked.
 */
class RecallAheadTest {
    private static final Instant TAPE_TIME = Instant.parse("2024-11-05T08:00:00Z");

    private final Scheduler scheduler = new Scheduler();
    @RegisterExtension
    final NamespaceFixtureExtension namespaces = NamespaceFixtureExtension.recallingTo(scheduler);
    private NamespaceFixture fixture;
    private CatalogNamespace namespace;

    /** One request the namespace made of the recall scheduler; {@code raise} for a raise of a queued request. */
    record Request(long inode, RecallPriority priority, boolean raise) {
        Request(long inode, RecallPriority priority) {
            this(inode, priority, false);
        }
    }

    /** The recall scheduler as the namespace sees it: records each request, answers eta from what the test set. */
    static final class Scheduler implements RecallRequester {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final Map<Long, Duration> etas = new ConcurrentHashMap<>();

        @Override
        public void requestRecall(long inode) {
            requestRecall(inode, RecallPriority.INTERACTIVE);
        }

        @Override
        public void requestRecall(long inode, RecallPriority priority) {
            requests.add(new Request(inode, priority));
        }

        @Override
        public void raise(long inode, RecallPriority priority) {
            requests.add(new Request(inode, priority, true));
        }

        @Override
        public Optional<Duration> eta(long inode) {
            return Optional.ofNullable(etas.get(inode));
        }
    }

    @Test
    void setfattrQueuesOneBulkRecallAndReturnsAtOnceAndTheEtaFollowsIt() {
        byte[] content = content(300_000, 1);
        long inode = importFromTape(List.of(entry("data/a.bin", content)));
        scheduler.etas.put(inode, Duration.ofMillis(73_460));

        long started = System.nanoTime();
        recall("/data/a.bin");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(scheduler.requests).containsExactly(new Request(inode, RecallPriority.BULK));
        assertThat(xattr("/data/a.bin", STATE_XATTR)).isEqualTo("recalling");
        assertThat(xattr("/data/a.bin", ETA_XATTR)).isEqualTo("73.5");
        assertThat(namespace.listxattr("/data/a.bin")).contains(ETA_XATTR).doesNotContain(RECALL_XATTR);
        assertErrno(() -> namespace.getxattr("/data/a.bin", RECALL_XATTR), Errno.ENODATA);

        recall("/data/a.bin");
        assertThat(scheduler.requests).as("a recall already queued is not asked for again").hasSize(1);

        feedRecall(inode, content);
        assertThat(xattr("/data/a.bin", STATE_XATTR)).isEqualTo("cached");
        assertThat(xattr("/data/a.bin", ETA_XATTR)).isEqualTo("0");
        recall("/data/a.bin");
        assertThat(scheduler.requests).as("a cached file needs nothing").hasSize(1);
        assertThat(readAll("/data/a.bin")).isEqualTo(content);
    }

    @Test
    void etaIsAbsentForAnOfflineFileNobodyAskedForAndZeroForContentInTheCache() {
        importFromTape(List.of(entry("cold.bin", content(1000, 2))));
        assertErrno(() -> namespace.getxattr("/cold.bin", ETA_XATTR), Errno.ENODATA);
        assertThat(namespace.listxattr("/cold.bin")).doesNotContain(ETA_XATTR, RECALL_XATTR);

        long handle = namespace.create("/mine.txt", 0644, 0, 0);
        namespace.write(handle, ByteBuffer.wrap("mine".getBytes(StandardCharsets.UTF_8)), 0, 4);
        namespace.release(handle);
        assertThat(xattr("/mine.txt", STATE_XATTR)).isEqualTo("dirty");
        assertThat(xattr("/mine.txt", ETA_XATTR)).isEqualTo("0");
        recall("/mine.txt");
        assertThat(scheduler.requests).as("a dirty file needs nothing").isEmpty();

        namespace.mkdir("/folder", 0755, 0, 0);
        assertErrno(() -> namespace.getxattr("/folder", ETA_XATTR), Errno.ENODATA);
    }

    @Test
    void aQueuedRecallWithoutAnEstimateShowsNoEta() {
        long inode = importFromTape(List.of(entry("queued.bin", content(1000, 3))));
        recall("/queued.bin");
        assertThat(scheduler.requests).containsExactly(new Request(inode, RecallPriority.BULK));
        assertErrno(() -> namespace.getxattr("/queued.bin", ETA_XATTR), Errno.ENODATA);
    }

    @Test
    void anyValueButOneIsEinvalAndQueuesNothing() {
        importFromTape(List.of(entry("x.bin", content(1000, 4))));
        for (String value : List.of("0", "", "yes", "1\n", "11")) {
            assertErrno(() -> namespace.setxattr("/x.bin", RECALL_XATTR, value.getBytes(StandardCharsets.UTF_8),
                    false, false), Errno.EINVAL);
        }
        assertThat(scheduler.requests).isEmpty();
        assertThat(xattr("/x.bin", STATE_XATTR)).isEqualTo("offline");
        assertErrno(() -> namespace.setxattr("/nothing-here", RECALL_XATTR, one(), false, false), Errno.ENOENT);
        assertErrno(() -> namespace.removexattr("/x.bin", RECALL_XATTR), Errno.ENODATA);
        assertErrno(() -> namespace.setxattr("/x.bin", ETA_XATTR, one(), false, false), Errno.EPERM);
    }

    @Test
    void aDirectoryQueuesEveryOfflineFileBeneathIt() {
        byte[] cachedContent = content(2000, 5);
        importFromTape(List.of(entry("p/top.bin", content(1000, 6)), entry("p/q/mid.bin", content(1000, 7)),
                entry("p/q/r/deep.bin", content(1000, 8)), entry("p/cached.bin", cachedContent),
                entry("other/elsewhere.bin", content(1000, 9))));
        feedRecall(inodeOf("/p/cached.bin"), cachedContent);
        long handle = namespace.create("/p/q/dirty.txt", 0644, 0, 0);
        namespace.release(handle);

        recall("/p");
        assertThat(scheduler.requests).extracting(Request::inode).containsExactlyInAnyOrder(
                inodeOf("/p/top.bin"), inodeOf("/p/q/mid.bin"), inodeOf("/p/q/r/deep.bin"));
        assertThat(scheduler.requests).extracting(Request::priority).containsOnly(RecallPriority.BULK);
        assertThat(xattr("/other/elsewhere.bin", STATE_XATTR)).isEqualTo("offline");
    }

    @Test
    void aDirectoryWithMoreEntriesBeneathThanTheLimitIsE2bigAndQueuesNothing() {
        importFromTape(List.of(entry("big/a", content(10, 1)), entry("big/b", content(10, 2)),
                entry("big/sub/c", content(10, 3))));
        PathResolver paths = new PathResolver(fixture.catalog(), 255);
        RecallWaits waits = new RecallWaits(fixture.cache(), scheduler, Clock.systemUTC(),
                NamespaceFixture.RECALL_TIMEOUT);
        RecallAhead limited = new RecallAhead(fixture.catalog(), fixture.cache(), paths, waits, scheduler, 3);

        assertErrno(() -> limited.request("/big", one()), Errno.E2BIG);
        assertThat(scheduler.requests).isEmpty();
        limited.request("/big/sub", one());
        assertThat(scheduler.requests).containsExactly(new Request(inodeOf("/big/sub/c"), RecallPriority.BULK));
    }

    @Test
    void aNonBlockingOpenOfAnOfflineFileIsEagainAndQueuesItsRecall() {
        byte[] content = content(50_000, 10);
        long inode = importFromTape(List.of(entry("nb.bin", content), entry("overwrite.bin", content(100, 11))));

        assertErrno(() -> namespace.open("/nb.bin", false, false, true), Errno.EAGAIN);
        assertThat(scheduler.requests).containsExactly(new Request(inode, RecallPriority.BULK));
        assertErrno(() -> namespace.open("/nb.bin", false, false, true), Errno.EAGAIN);
        assertErrno(() -> namespace.open("/nb.bin", true, false, true), Errno.EAGAIN);
        assertThat(scheduler.requests).as("the recall is queued once").hasSize(1);

        namespace.release(namespace.open("/nb.bin", false, false, false));
        assertThat(scheduler.requests).as("a blocking open recalls nothing until the first read").hasSize(1);

        feedRecall(inode, content);
        long handle = namespace.open("/nb.bin", false, false, true);
        ByteBuffer buffer = ByteBuffer.allocate(content.length);
        assertThat(namespace.read(handle, buffer, 0, content.length)).isEqualTo(content.length);
        namespace.release(handle);
        assertThat(buffer.array()).isEqualTo(content);

        namespace.release(namespace.open("/overwrite.bin", true, true, true));
        assertThat(scheduler.requests).as("O_TRUNC needs no old content").hasSize(1);
        assertThat(xattr("/overwrite.bin", STATE_XATTR)).isEqualTo("dirty");
    }

    @Test
    void aReaderWaitingOnARecallQueuedAheadRaisesItToInteractiveOnce() throws Exception {
        byte[] content = content(100_000, 12);
        long inode = importFromTape(List.of(entry("later.bin", content)));
        recall("/later.bin");

        long handle = namespace.open("/later.bin", false, false);
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> readAt(handle, 0, 4096));
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.requests.size() == 2);
        CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> readAt(handle, 8192, 4096));
        feedRecall(inode, content);
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOf(content, 4096));
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOfRange(content, 8192, 8192 + 4096));
        namespace.release(handle);
        assertThat(scheduler.requests).containsExactly(new Request(inode, RecallPriority.BULK),
                new Request(inode, RecallPriority.INTERACTIVE, true));
    }

    @Test
    void aFileLargerThanTheCacheIsNeverQueuedAheadAndItsNonBlockingOpenIsNotRefused() {
        long huge = 200_000_000;   // the cache holds 100 MB: it can only stream through to a reader
        importFromTape(List.of(entry("media/huge.bin", huge), entry("media/small.bin", content(1000, 13))));

        assertErrno(() -> recall("/media/huge.bin"), Errno.EFBIG);
        namespace.release(namespace.open("/media/huge.bin", false, false, true));
        assertThat(scheduler.requests).isEmpty();

        recall("/media");
        assertThat(scheduler.requests).containsExactly(new Request(inodeOf("/media/small.bin"), RecallPriority.BULK));
        assertThat(xattr("/media/huge.bin", STATE_XATTR)).isEqualTo("offline");
    }

    @Test
    void etaIsShownInTenthsOfASecond() {
        assertThat(RecallAhead.seconds(Duration.ofMillis(73_450))).isEqualTo("73.5");
        assertThat(RecallAhead.seconds(Duration.ofSeconds(12))).isEqualTo("12");
        assertThat(RecallAhead.seconds(Duration.ofMillis(50))).isEqualTo("0.1");
        assertThat(RecallAhead.seconds(Duration.ofMillis(40))).isEqualTo("0");
        assertThat(RecallAhead.seconds(Duration.ofSeconds(-3))).isEqualTo("0");
        assertThat(RecallAhead.seconds(Duration.ofMinutes(100))).isEqualTo("6000");
    }

    private void recall(String path) {
        namespace.setxattr(path, RECALL_XATTR, one(), false, false);
    }

    private static byte[] one() {
        return "1".getBytes(StandardCharsets.UTF_8);
    }

    private String xattr(String path, String name) {
        return new String(namespace.getxattr(path, name), StandardCharsets.UTF_8);
    }

    private long inodeOf(String path) {
        return namespace.getattr(path).inode();
    }

    private byte[] readAt(long handle, long offset, int size) {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        int read = namespace.read(handle, buffer, offset, size);
        return Arrays.copyOf(buffer.array(), read);
    }

    private byte[] readAll(String path) {
        long handle = namespace.open(path, false, false);
        try {
            return readAt(handle, 0, (int) namespace.getattr(path).size());
        } finally {
            namespace.release(handle);
        }
    }

    private static byte[] content(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Plays the tiering package's part: streams the file's bytes into the cache and completes it. */
    private void feedRecall(long inode, byte[] content) {
        RecallTarget recall = fixture.cache().recallTarget();
        recall.begin(inode, content.length);
        recall.write(inode, 0, ByteBuffer.wrap(content));
        recall.complete(inode);
    }

    private static TapeEntry entry(String path, byte[] content) {
        return entry(path, content.length);
    }

    private static TapeEntry entry(String path, long length) {
        return new TapeEntry(path, FileKind.FILE, length, 0644, 0, 0, TAPE_TIME, TAPE_TIME, TAPE_TIME,
                TAPE_TIME, null, List.of(new ExtentRecord(1, 42, 0, length, 0)), List.of());
    }

    /** Imports the entries as one tape's index; returns the first entry's inode. */
    private long importFromTape(List<TapeEntry> entries) {
        VolumeRecord volume = new VolumeRecord("A00001L5", "0b5e7d1c", VolumeState.LTFS, 5, 1_425_000_000_000L,
                1_400_000_000_000L, 524_288, TAPE_TIME);
        fixture.catalog().importVolume(volume, entries.iterator());
        return fixture.catalog().resolve("/" + entries.get(0).path()).orElseThrow().id();
    }
}
