package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.XattrNames;
import io.tapelib.gateway.controller.FileTimes;
import io.tapelib.gateway.controller.TapeExtent;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shelved cartridges (issue 13) against the in-memory controller: a cartridge exported from the library keeps its files
 * listed as {@code shelved}; reading one raises an import request and waits for the cartridge to come back.
 */
class ShelvedCartridgesTest {
    private static final Instant WRITTEN = Instant.parse("2024-11-05T08:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private RecallService recalls;
    private VolumeWatcher watcher;
    private GatedController gate;

    private void open(Duration recallTimeout) {
        open(recallTimeout, null);
    }

    /** @param gated when not null, the recall service's Recall calls wait at this gate (built on the fixture's library) */
    private void open(Duration recallTimeout, java.util.function.Function<TieringFixture, GatedController> gated) {
        gateway = new TieringFixture(dir, recallTimeout);
        gate = gated == null ? null : gated.apply(gateway);
        recalls = new RecallService(gateway.catalog, gateway.cache, gate == null ? gateway.controller : gate,
                gateway.config, gateway.clock, gateway.imports);
        gateway.namespace(recalls);
        StartupIndexer indexer = new StartupIndexer(gateway.controller, gateway.catalog, gateway.clock, gateway.backups);
        watcher = new VolumeWatcher(gateway.controller, indexer, gateway.cache,
                new LibraryShelf(gateway.catalog, indexer, gateway.cache, gateway.imports, recalls, gateway.clock));
        gateway.controller.volume("TAPE01L6", 10_000_000).volume("TAPE02L6", 10_000_000);
        onTape("TAPE01L6", "home/a.txt", "in the library\n");
        onTape("TAPE02L6", "home/b.txt", "on the shelf\n");
        onTape("TAPE02L6", "home/c.txt", "also on the shelf\n");
        indexer.indexNewCartridges(stale -> { });
        recalls.start();
        watcher.start();
        await().atMost(WAIT).until(() -> watcher.watchesStarted() == 1);
    }

    @AfterEach
    void close() {
        if (gate != null) {
            gate.openForGood();
        }
        if (gateway != null) {
            watcher.stop();
            recalls.stop();
            gateway.close();
            gateway = null;
        }
    }

    private void onTape(String volumeTag, String path, String content) {
        TapeExtent extent = gateway.controller.write(volumeTag, content.getBytes(StandardCharsets.UTF_8));
        gateway.controller.indexEntry(volumeTag, new TapeIndexEntry(path, FileKind.FILE, content.length(), 0644, 0, 0,
                new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN), null, List.of(extent), List.of()));
    }

    private String state(String path) {
        return new String(gateway.namespace().getxattr(path, CatalogNamespace.STATE_XATTR), StandardCharsets.UTF_8);
    }

    private double gauge() {
        return gateway.meters.get(ImportRequests.GAUGE).gauge().value();
    }

    private void exportAndWaitShelved(String volumeTag, String path) {
        gateway.controller.export(volumeTag);
        await().atMost(WAIT).until(() -> state(path).equals("shelved"));
    }

    @Test
    void anExportedCartridgesFilesStayListedAsShelvedAndTheCatalogKeepsItAcrossARestart() {
        open(Duration.ofSeconds(20));

        exportAndWaitShelved("TAPE02L6", "/home/b.txt");

        assertThat(gateway.namespace().readdir("/home")).extracting(entry -> entry.name())
                .contains("a.txt", "b.txt", "c.txt");
        assertThat(gateway.namespace().getattr("/home/b.txt").size()).isEqualTo("on the shelf\n".length());
        assertThat(state("/home/c.txt")).isEqualTo("shelved");
        assertThat(state("/home/a.txt")).as("its cartridge is in the library").isEqualTo("offline");
        assertThat(gateway.imports.status()).as("nobody asked for it").isEmpty();

        close();
        try (Catalog reopened = Catalog.open(dir.resolve("catalog.db"))) {
            assertThat(reopened.shelvedVolumes().isShelved("TAPE02L6")).as("kept in the catalog").isTrue();
            assertThat(reopened.shelvedVolumes().isShelved("TAPE01L6")).isFalse();
        }
    }

    @Test
    void aCartridgeImportedBackIsNoLongerShelved() {
        open(Duration.ofSeconds(20));
        exportAndWaitShelved("TAPE02L6", "/home/b.txt");

        gateway.controller.importBack("TAPE02L6");

        await().atMost(WAIT).until(() -> state("/home/b.txt").equals("offline"));
        assertThat(gateway.catalog.shelvedVolumes().none()).isTrue();
    }

    @Test
    void aReadOfAShelvedFileRaisesOneImportRequestAndCompletesOnceTheCartridgeIsImported() throws Exception {
        open(Duration.ofSeconds(30));
        exportAndWaitShelved("TAPE02L6", "/home/b.txt");

        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> gateway.readFile("/home/b.txt"));
        CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> gateway.readFile("/home/b.txt"));
        await().atMost(WAIT).until(() -> gateway.imports.status().size() == 1);

        ImportRequest request = gateway.imports.status().get(0);
        assertThat(request.volumeTag()).isEqualTo("TAPE02L6");
        assertThat(request.files()).as("two reads of one file are one file waiting").isEqualTo(1);
        assertThat(gauge()).isEqualTo(1.0);
        assertThat(first).as("the read waits for the cartridge").isNotDone();
        assertThat(gateway.controller.recalls).as("no drive is asked for a cartridge out of the library").isEmpty();

        gateway.controller.importBack("TAPE02L6");

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8)
                .isEqualTo("on the shelf\n");
        assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8)
                .isEqualTo("on the shelf\n");
        assertThat(gateway.imports.status()).isEmpty();
        assertThat(gauge()).isZero();
        // read-while-recall: the reads may end before the recall has recorded its last block
        await().atMost(WAIT).untilAsserted(() -> assertThat(state("/home/b.txt")).isEqualTo("cached"));
    }

    @Test
    void aReadOfAShelvedFileFailsWithEioWhenTheCartridgeDoesNotComeBackWithinTheRecallTimeout() {
        open(Duration.ofSeconds(2));
        exportAndWaitShelved("TAPE02L6", "/home/b.txt");

        assertThatThrownBy(() -> gateway.readFile("/home/b.txt")).isInstanceOf(NamespaceException.class)
                .satisfies(e -> assertThat(((NamespaceException) e).errno()).isEqualTo(Errno.EIO));

        await("nobody waits any more: the request clears").atMost(WAIT)
                .until(() -> gateway.imports.status().isEmpty());
        assertThat(gauge()).isZero();
        assertThat(state("/home/b.txt")).isEqualTo("shelved");
        // a later read asks again, and the cartridge back in time serves it
        CompletableFuture<byte[]> again = CompletableFuture.supplyAsync(() -> gateway.readFile("/home/b.txt"));
        await().atMost(WAIT).until(() -> gateway.imports.status().size() == 1);
        gateway.controller.importBack("TAPE02L6");
        assertThat(again).succeedsWithin(WAIT)
                .satisfies(read -> assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo("on the shelf\n"));
    }

    @Test
    void aNonBlockingOpenAnswersEagainAndTheRecallAttributeAsksForTheCartridgeToo() {
        open(Duration.ofSeconds(30));
        exportAndWaitShelved("TAPE02L6", "/home/b.txt");

        assertThatThrownBy(() -> gateway.namespace().open("/home/b.txt", false, false, true))
                .isInstanceOf(NamespaceException.class)
                .satisfies(e -> assertThat(((NamespaceException) e).errno()).isEqualTo(Errno.EAGAIN));
        gateway.namespace().setxattr("/home/c.txt", XattrNames.RECALL, "1".getBytes(StandardCharsets.UTF_8), false,
                false);

        assertThat(gateway.imports.status()).singleElement().satisfies(request -> {
            assertThat(request.volumeTag()).isEqualTo("TAPE02L6");
            assertThat(request.files()).isEqualTo(2);
        });
        assertThat(gauge()).isEqualTo(1.0);

        gateway.controller.importBack("TAPE02L6");

        await().atMost(WAIT).until(() -> state("/home/b.txt").equals("cached") && state("/home/c.txt").equals("cached"));
        assertThat(gateway.imports.status()).isEmpty();
    }

    @Test
    void aCartridgeTheCatalogDoesNotKnowIsIndexedWhenTheLibraryShowsIt() {
        open(Duration.ofSeconds(20));
        gateway.controller.volume("TAPE03L6", 10_000_000);
        onTape("TAPE03L6", "imported/new.txt", "brought in\n");

        gateway.controller.announceLibrary();

        await().atMost(WAIT).until(() -> gateway.catalog.resolve("/imported/new.txt").isPresent());
        assertThat(gateway.catalog.volume("TAPE03L6")).isPresent();
        assertThat(gateway.readFile("/imported/new.txt")).asString(StandardCharsets.UTF_8).isEqualTo("brought in\n");
    }

    @Test
    void aRecallQueuedForACartridgeThatIsExportedWaitsForItsImportInsteadOfFailing() throws Exception {
        open(Duration.ofSeconds(30), fixture -> new GatedController(fixture.controller));
        // the one drive is busy reading TAPE01L6, so the read of b.txt waits in the queue for TAPE02L6
        CompletableFuture<byte[]> busy = CompletableFuture.supplyAsync(() -> gateway.readFile("/home/a.txt"));
        assertThat(gate.nextArrival()).isEqualTo("TAPE01L6");
        CompletableFuture<byte[]> queued = CompletableFuture.supplyAsync(() -> gateway.readFile("/home/b.txt"));
        await().atMost(WAIT).until(() -> recalls.status().queued() == 1);

        exportAndWaitShelved("TAPE02L6", "/home/c.txt");

        await("the queued recall moves to an import request").atMost(WAIT)
                .until(() -> gateway.imports.status().size() == 1);
        assertThat(gateway.imports.status().get(0).volumeTag()).isEqualTo("TAPE02L6");
        assertThat(recalls.status().queued()).isZero();
        gate.openForGood();
        assertThat(busy).succeedsWithin(WAIT);
        assertThat(queued).as("still waiting for the cartridge, not failed").isNotDone();
        assertThat(gate.arrived).as("no drive is asked for the exported cartridge").doesNotContain("TAPE02L6");

        gateway.controller.importBack("TAPE02L6");

        assertThat(queued.get(WAIT.toSeconds(), TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8)
                .isEqualTo("on the shelf\n");
    }
}
