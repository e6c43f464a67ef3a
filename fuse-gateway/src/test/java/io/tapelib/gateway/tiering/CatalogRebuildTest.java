package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tapelib.gateway.controller.ControllerUnavailableException;
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

/** POST /api/v1/rebuild's work: every cartridge read again, one at a time, with progress. */
class CatalogRebuildTest {
    private static final Instant WRITTEN = Instant.parse("2024-11-05T08:00:00Z");
    private static final FileTimes TIMES = new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN);

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private StartupIndexer indexer;
    private CatalogRebuild rebuild;

    @BeforeEach
    void open() {
        gateway = new TieringFixture(dir, Duration.ofSeconds(5));
        indexer = new StartupIndexer(gateway.controller, gateway.catalog, gateway.clock, gateway.backups);
        rebuild = new CatalogRebuild(gateway.controller, indexer, gateway.cache, gateway.backups, gateway.clock);
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    private TapeIndexEntry file(String volumeTag, String path) {
        TapeExtent extent = gateway.controller.write(volumeTag, path.getBytes(StandardCharsets.UTF_8));
        return new TapeIndexEntry(path, FileKind.FILE, path.length(), 0644, 0, 0, TIMES, null, List.of(extent),
                List.of());
    }

    @Test
    void everyCartridgeIsReadAgainWhateverItsGenerationAndTheProgressCountsThemAndTheirEntries() {
        gateway.controller.volume("TAPE01L6", 10_000_000).volume("TAPE02L6", 10_000_000)
                .indexEntry("TAPE01L6", file("TAPE01L6", "a.txt")).indexEntry("TAPE01L6", file("TAPE01L6", "b.txt"))
                .indexEntry("TAPE02L6", file("TAPE02L6", "c.txt"));
        indexer.indexNewCartridges(stale -> { });
        assertThat(rebuild.progress()).isEmpty();

        RebuildProgress first = rebuild.start();

        assertThat(first.running()).isTrue();
        assertThat(first.cartridgesTotal()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> !rebuild.progress().orElseThrow().running());
        RebuildProgress end = rebuild.progress().orElseThrow();
        assertThat(end.cartridgesDone()).isEqualTo(2);
        assertThat(end.entries()).isEqualTo(3);
        assertThat(end.failed()).isEmpty();
        assertThat(end.finished()).isNotNull();
        assertThat(gateway.controller.indexReads).as("read at start-up, then again by the rebuild")
                .containsExactly("TAPE01L6", "TAPE02L6", "TAPE01L6", "TAPE02L6");
        assertThat(gateway.catalog.resolve("/a.txt")).isPresent();
        assertThat(gateway.catalog.resolve("/c.txt")).isPresent();
    }

    @Test
    void aControllerThatIsAwayStartsNothing() {
        gateway.controller.volume("TAPE01L6", 10_000_000).away(true);

        assertThatThrownBy(rebuild::start).isInstanceOf(ControllerUnavailableException.class);
        assertThat(rebuild.progress()).isEmpty();
    }
}
