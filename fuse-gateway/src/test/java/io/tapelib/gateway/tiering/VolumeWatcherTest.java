package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.FileTimes;
import io.tapelib.gateway.controller.TapeExtent;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.posix.FileKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cartridge written behind the gateway's back is indexed again when a job mounts it, without a restart. */
class VolumeWatcherTest {
    private static final Instant WRITTEN = Instant.parse("2024-11-05T08:00:00Z");
    private static final FileTimes TIMES = new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN);

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private StartupIndexer indexer;
    private VolumeWatcher watcher;

    @BeforeEach
    void open() {
        gateway = new TieringFixture(dir, Duration.ofSeconds(5));
        indexer = new StartupIndexer(gateway.controller, gateway.catalog, gateway.clock, gateway.backups);
        watcher = new VolumeWatcher(gateway.controller, indexer, gateway.cache, new LibraryShelf(gateway.catalog, indexer,
                gateway.cache, gateway.imports, new RecallService(gateway.catalog, gateway.cache, gateway.controller,
                gateway.config, gateway.clock, gateway.imports), gateway.clock));
    }

    @AfterEach
    void close() {
        watcher.stop();
        gateway.close();
    }

    private TapeIndexEntry file(String volumeTag, String path, String content) {
        TapeExtent extent = gateway.controller.write(volumeTag, content.getBytes(StandardCharsets.UTF_8));
        return new TapeIndexEntry(path, FileKind.FILE, content.length(), 0644, 0, 0, TIMES, null, List.of(extent),
                List.of());
    }

    @Test
    void aMountOfACartridgeWithANewerIndexGenerationIndexesItAgainAndAnUnchangedOneIsNotRead() {
        gateway.controller.volume("TAPE01L6", 10_000_000).volume("TAPE02L6", 10_000_000)
                .indexEntry("TAPE01L6", file("TAPE01L6", "known.txt", "known\n"));
        indexer.indexNewCartridges(stale -> { });
        watcher.start();
        gateway.controller.indexEntry("TAPE01L6", file("TAPE01L6", "imported.txt", "imported elsewhere\n"))
                .newIndexGeneration("TAPE01L6");

        gateway.controller.mounted("TAPE02L6");
        gateway.controller.mounted("TAPE01L6");

        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.catalog.resolve("/imported.txt").isPresent());
        assertThat(gateway.catalog.volume("TAPE01L6")).get().extracting(VolumeRecord::generation).isEqualTo(2L);
        assertThat(gateway.controller.indexReads).as("the unchanged cartridge is not read again")
                .containsExactly("TAPE01L6", "TAPE02L6", "TAPE01L6");
    }

    @Test
    void theWatcherComesBackAfterTheControllerWasAway() {
        gateway.controller.volume("TAPE01L6", 10_000_000);
        indexer.indexNewCartridges(stale -> { });
        watcher.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.watchesStarted() == 1);

        int checks = gateway.controller.connectionChecks.get();
        gateway.controller.away(true);
        // the stream failed and the watcher asks for the controller again
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.controller.connectionChecks.get() > checks);
        gateway.controller.away(false);
        gateway.controller.indexEntry("TAPE01L6", file("TAPE01L6", "later.txt", "later\n"))
                .newIndexGeneration("TAPE01L6");
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.watchesStarted() >= 2);
        gateway.controller.mounted("TAPE01L6");

        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.catalog.resolve("/later.txt").isPresent());
    }
}
