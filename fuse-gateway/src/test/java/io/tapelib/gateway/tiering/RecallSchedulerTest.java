package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tapelib.gateway.cache.RangeWait;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.FileTimes;
import io.tapelib.gateway.controller.InMemoryTapeController;
import io.tapelib.gateway.controller.RecallBatch;
import io.tapelib.gateway.controller.TapeExtent;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.namespace.RecallPriority;
import io.tapelib.gateway.posix.FileKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recall scheduler against the in-memory controller, its Recall calls held at a gate: one worker per drive,
 * never one cartridge on two, the cartridge in the drive served again before an exchange within RECALL_MAX_WAIT,
 * interactive before bulk, batches in tape order with the catalog's expected volume, estimates, status, bulk calls.
 */
class RecallSchedulerTest {
    private static final Instant WRITTEN = Instant.parse("2024-11-05T08:00:00.5Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private GatedController controller;
    private RecallService recalls;

    @BeforeEach
    void open() {
        gateway = new TieringFixture(dir, Duration.ofSeconds(30));
        gateway.controller.volume("TAPE01L6", 100_000_000).volume("TAPE02L6", 100_000_000)
                .volume("TAPE03L6", 100_000_000);
        // a3 lies before a2 on TAPE01L6
        onTape("TAPE01L6", "a1.bin", 1000);
        onTape("TAPE01L6", "a3.bin", 3000);
        onTape("TAPE01L6", "a2.bin", 2000);
        onTape("TAPE02L6", "b1.bin", 1500);
        onTape("TAPE03L6", "c1.bin", 2500);
        new StartupIndexer(gateway.controller, gateway.catalog, gateway.clock, gateway.backups).indexNewCartridges(s -> { });
        controller = new GatedController(gateway.controller);
        recalls = new RecallService(gateway.catalog, gateway.cache, controller, gateway.config, gateway.clock,
                gateway.imports);
        gateway.namespace(recalls);
    }

    @AfterEach
    void close() {
        controller.openForGood();
        recalls.stop();
        gateway.close();
    }

    private void onTape(String volumeTag, String path, int length) {
        TapeExtent extent = gateway.controller.write(volumeTag, content(path, length));
        gateway.controller.indexEntry(volumeTag, new TapeIndexEntry(path, FileKind.FILE, length, 0644, 1000, 1000,
                new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN), null, List.of(extent), List.of()));
    }

    private static byte[] content(String path, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (path.hashCode() * 31 + i);
        }
        return bytes;
    }

    private long inode(String name) {
        return gateway.inode("/" + name).id();
    }

    /** A reader's request: the recall started in the cache, then asked for at {@code priority}. */
    private void ask(String name, RecallPriority priority) {
        long inode = inode(name);
        assertThat(gateway.cache.recalls().start(inode, gateway.catalog.get(inode).orElseThrow().size())).isTrue();
        recalls.requestRecall(inode, priority);
    }

    private void awaitCached(String... names) {
        for (String name : names) {
            assertThat(gateway.cache.recalls().awaitComplete(inode(name), WAIT).outcome()).as(name)
                    .isEqualTo(RangeWait.Outcome.PRESENT);
        }
    }

    private List<Long> files(RecallBatch call) {
        return call.files().stream().map(RecallBatch.File::fileId).toList();
    }

    @Test
    void twoDrivesReadTwoCartridgesAtTheSameTime() throws Exception {
        gateway.controller.loaded("TAPE01L6", "TAPE02L6");
        recalls.start();
        assertThat(recalls.workers()).isEqualTo(2);

        recalls.recallPaths(List.of("/a1.bin", "/b1.bin"));

        assertThat(List.of(controller.nextArrival(), controller.nextArrival()))
                .containsExactlyInAnyOrder("TAPE01L6", "TAPE02L6");
        assertThat(controller.inFlight).hasSize(2);
        assertThat(recalls.status().running()).extracting(RecallStatus.Running::volume)
                .containsExactlyInAnyOrder("TAPE01L6", "TAPE02L6");
        controller.openForGood();
        awaitCached("a1.bin", "b1.bin");
        assertThat(gateway.readFile("/b1.bin")).isEqualTo(content("b1.bin", 1500));
    }

    @Test
    void aCartridgeBeingReadIsNotReadByASecondWorkerAtTheSameTime() throws Exception {
        gateway.controller.loaded("TAPE01L6", "TAPE02L6");
        recalls.start();
        ask("a1.bin", RecallPriority.INTERACTIVE);
        assertThat(controller.nextArrival()).isEqualTo("TAPE01L6");

        ask("a2.bin", RecallPriority.INTERACTIVE);

        assertThat(controller.arrived.poll(300, TimeUnit.MILLISECONDS)).as("the idle worker leaves TAPE01L6 alone").isNull();
        assertThat(recalls.status().queued()).isEqualTo(1);
        controller.open(1);
        assertThat(controller.nextArrival()).isEqualTo("TAPE01L6");
        controller.openForGood();
        awaitCached("a1.bin", "a2.bin");
    }

    @Test
    void requestsForTheCartridgeInTheDriveAreServedBeforeItIsExchangedInTapeOrder() throws Exception {
        gateway.controller.loaded("TAPE01L6");
        recalls.start();
        ask("a1.bin", RecallPriority.INTERACTIVE);
        assertThat(controller.nextArrival()).isEqualTo("TAPE01L6");

        ask("b1.bin", RecallPriority.INTERACTIVE);
        ask("a2.bin", RecallPriority.INTERACTIVE);
        ask("a3.bin", RecallPriority.INTERACTIVE);
        controller.openForGood();
        awaitCached("a1.bin", "a2.bin", "a3.bin", "b1.bin");

        assertThat(gateway.controller.recalls).extracting(RecallBatch::volumeTag)
                .containsExactly("TAPE01L6", "TAPE01L6", "TAPE02L6");
        assertThat(files(gateway.controller.recalls.get(1))).as("block order, not arrival order")
                .containsExactly(inode("a3.bin"), inode("a2.bin"));
    }

    @Test
    void aRequestWaitingLongerThanRecallMaxWaitGetsTheDriveBeforeNewRequestsForTheCartridgeInIt() throws Exception {
        gateway.controller.loaded("TAPE01L6");
        recalls.start();
        ask("a1.bin", RecallPriority.INTERACTIVE);
        assertThat(controller.nextArrival()).isEqualTo("TAPE01L6");

        ask("b1.bin", RecallPriority.BACKGROUND);
        gateway.clock.advance(TieringFixture.RECALL_MAX_WAIT.plusSeconds(1));
        ask("a2.bin", RecallPriority.INTERACTIVE);
        controller.openForGood();
        awaitCached("a1.bin", "a2.bin", "b1.bin");

        assertThat(gateway.controller.recalls).extracting(RecallBatch::volumeTag)
                .containsExactly("TAPE01L6", "TAPE02L6", "TAPE01L6");
    }

    @Test
    void anInteractiveReadGoesBeforeAnOlderBulkRecall() throws Exception {
        gateway.controller.loaded("TAPE01L6");
        recalls.start();
        ask("a1.bin", RecallPriority.INTERACTIVE);
        assertThat(controller.nextArrival()).isEqualTo("TAPE01L6");

        recalls.recallPaths(List.of("/b1.bin"));
        gateway.clock.advance(Duration.ofSeconds(30));
        ask("c1.bin", RecallPriority.INTERACTIVE);
        controller.openForGood();
        awaitCached("a1.bin", "b1.bin", "c1.bin");

        assertThat(gateway.controller.recalls).extracting(RecallBatch::volumeTag)
                .containsExactly("TAPE01L6", "TAPE03L6", "TAPE02L6");
    }

    @Test
    void aRecallCutShortByTheControllersLossAsksAgainOnlyForTheBytesStillMissing() throws Exception {
        gateway.controller.loaded("TAPE01L6");
        recalls.start();
        controller.cutNextCallAfter(2000);
        controller.openForGood();

        ask("a3.bin", RecallPriority.INTERACTIVE);

        awaitCached("a3.bin");
        assertThat(gateway.readFile("/a3.bin")).isEqualTo(content("a3.bin", 3000));
        assertThat(gateway.controller.recalls).extracting(call -> call.files().get(0).fromOffset())
                .as("the whole file, then from where the cut stream stopped").containsExactly(0L, 2000L);
    }

    @Test
    void aCallNamesTheVolumeAsTheCatalogKnowsIt() {
        recalls.start();
        controller.openForGood();
        ask("b1.bin", RecallPriority.INTERACTIVE);
        awaitCached("b1.bin");

        VolumeRecord volume = gateway.catalog.volume("TAPE02L6").orElseThrow();
        assertThat(gateway.controller.recalls).singleElement().satisfies(call -> assertThat(call.expected())
                .isEqualTo(new RecallBatch.ExpectedVolume("uuid-TAPE02L6", volume.generation(),
                        InMemoryTapeController.BLOCK_SIZE)));
        assertThat(volume.generation()).isPositive();
    }

    @Test
    void theEstimateCountsTheExchangeAndTheCartridgesAhead() throws Exception {
        gateway.controller.loaded("TAPE01L6");
        recalls.start();
        ask("a1.bin", RecallPriority.INTERACTIVE);
        assertThat(controller.nextArrival()).isEqualTo("TAPE01L6");
        recalls.recallPaths(List.of("/b1.bin"));
        ask("c1.bin", RecallPriority.BACKGROUND);

        Duration running = recalls.eta(inode("a1.bin")).orElseThrow();
        Duration next = recalls.eta(inode("b1.bin")).orElseThrow();
        Duration last = recalls.eta(inode("c1.bin")).orElseThrow();

        // LTO-5 in an MSL4048 at scale 1.0: robot 20 s, load 12 s, unload 17 s; the drive is full
        assertThat(running).isLessThan(Duration.ofSeconds(1));
        assertThat(next).isBetween(Duration.ofSeconds(69), Duration.ofSeconds(75));
        assertThat(last.minus(next)).isBetween(Duration.ofSeconds(69), Duration.ofSeconds(75));
        assertThat(recalls.eta(inode("a2.bin"))).as("not queued").isEmpty();
    }

    @Test
    void theWorkersFollowTheLibrarysDrives() {
        gateway.controller.loaded("TAPE01L6");
        recalls.start();
        controller.openForGood();
        assertThat(recalls.workers()).isEqualTo(1);

        gateway.controller.loaded("TAPE01L6", "TAPE02L6", "TAPE03L6");
        ask("a1.bin", RecallPriority.INTERACTIVE);
        awaitCached("a1.bin");

        await().atMost(WAIT).until(() -> recalls.workers() == 3);
        gateway.controller.loaded("TAPE01L6");
        ask("b1.bin", RecallPriority.INTERACTIVE);
        awaitCached("b1.bin");
        await().atMost(WAIT).until(() -> recalls.workers() == 1);
    }

    @Test
    void aBulkCallSaysWhatItQueuedJoinedFoundCachedAndRejected() throws Exception {
        gateway.controller.loaded("TAPE01L6");
        recalls.start();
        controller.open(1);
        ask("a1.bin", RecallPriority.INTERACTIVE);
        awaitCached("a1.bin");
        assertThat(controller.nextArrival()).isEqualTo("TAPE01L6");
        ask("a3.bin", RecallPriority.INTERACTIVE);
        assertThat(controller.nextArrival()).isEqualTo("TAPE01L6");

        BulkRecallResult result = recalls.recallPaths(List.of("/a1.bin", "/a2.bin", "/a3.bin", "b1.bin", "/b1.bin",
                "/", "/missing.bin"));

        assertThat(result.queued()).isEqualTo(2);
        assertThat(result.joined()).as("a3 being read, b1 asked twice").isEqualTo(2);
        assertThat(result.cached()).isEqualTo(1);
        assertThat(result.rejected()).containsExactly(new BulkRecallResult.Rejected("/", "not a regular file"),
                new BulkRecallResult.Rejected("/missing.bin", "no such file or directory"));
        assertThat(recalls.status().queued()).isEqualTo(2);
        controller.openForGood();
        awaitCached("a2.bin", "a3.bin", "b1.bin");
    }

    @Test
    void stopCancelsTheCallInFlightAndFailsWhatWaits() throws Exception {
        gateway.controller.loaded("TAPE01L6");
        recalls.start();
        ask("a1.bin", RecallPriority.INTERACTIVE);
        assertThat(controller.nextArrival()).isEqualTo("TAPE01L6");
        ask("b1.bin", RecallPriority.INTERACTIVE);

        recalls.stop();

        for (String name : List.of("a1.bin", "b1.bin")) {
            await(name + "'s recall ended").atMost(WAIT).until(() -> !gateway.cache.isRecalling(inode(name)));
            assertThat(gateway.cache.isPresent(inode(name))).as(name).isFalse();
        }
        assertThat(gateway.controller.recalls).as("the held call never read").isEmpty();
    }
}
