package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.catalog.PendingChange;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.IndexChange;
import io.tapelib.gateway.controller.InMemoryTapeController.SentFile;
import io.tapelib.gateway.controller.VolumeChanges;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.posix.FileKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata changes of entries on tape reaching the tapes' indexes: in the next Migrate header of the tape written
 * (WriteBack), or by UpdateIndex once the oldest change is older than the interval (MetadataSync), with the
 * in-memory controller.
 */
class MetadataSyncTest {
    private static final byte[] TEXT = "minutes of the meeting\n".repeat(50).getBytes(StandardCharsets.UTF_8);
    private static final String TAPE1 = "TAPE01L6";
    private static final String TAPE2 = "TAPE02L6";

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private CatalogNamespace namespace;
    private WriteBack writeBack;
    private MetadataSync sync;

    @BeforeEach
    void open() {
        gateway = new TieringFixture(dir, Duration.ofSeconds(5));
        namespace = gateway.namespaceWithNothingOffline();
        gateway.controller.volume(TAPE1, 1_000_000).volume(TAPE2, 1_000_000);
        PendingClaims claims = new PendingClaims();
        writeBack = gateway.writeBack(claims);
        sync = new MetadataSync(gateway.catalog, gateway.controller, gateway.config, gateway.clock, gateway.backups,
                claims);
    }

    @AfterEach
    void close() {
        sync.stop();
        writeBack.stop();
        gateway.close();
    }

    /** /docs/a.txt and /docs/b.txt on TAPE1, clean; both volumes known to the catalog. */
    private void filesOnTape() {
        namespace.mkdir("/docs", 0750, 1000, 1000);
        gateway.writeFile("/docs/a.txt", TEXT);
        gateway.writeFile("/docs/b.txt", TEXT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        assertThat(writeBack.migrateDueFiles()).isEqualTo(3);
        gateway.catalog.upsertVolume(IndexEntries.volume(summary(TAPE2), gateway.clock.instant()));
    }

    private io.tapelib.gateway.controller.VolumeSummary summary(String tag) {
        return new io.tapelib.gateway.controller.VolumeSummary(tag, io.tapelib.gateway.controller.VolumeFormat.LTFS,
                "uuid-" + tag, 1, 4096, 1_000_000, 1_000_000);
    }

    @Test
    void aNewDirectoryGoesAsAnEntryOfItsOwnBeforeItsFilesAndAncestorsCarryTheirOwnMetadata() {
        namespace.mkdir("/empty", 0700, 1000, 1000);
        namespace.mkdir("/docs", 0750, 1000, 1000);
        gateway.writeFile("/docs/a.txt", TEXT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));

        assertThat(writeBack.migrateDueFiles()).isEqualTo(3);

        List<SentFile> batch = gateway.controller.migrations.get(0);
        assertThat(batch).extracting(file -> file.source().path(), file -> file.source().kind())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("docs", FileKind.DIRECTORY),
                        org.assertj.core.groups.Tuple.tuple("empty", FileKind.DIRECTORY),
                        org.assertj.core.groups.Tuple.tuple("docs/a.txt", FileKind.FILE));
        assertThat(batch.get(0).source().mode()).isEqualTo(0750);
        assertThat(batch.get(0).source().times().modify()).isEqualTo(gateway.inode("/docs").mtime());
        assertThat(batch.get(1).source().length()).isZero();
        for (String path : List.of("/empty", "/docs", "/docs/a.txt")) {
            assertThat(gateway.inode(path).isDirty()).as(path).isFalse();
            assertThat(gateway.catalog.copies().currentVolumes(gateway.inode(path).id()))
                    .as(path).containsExactly(TAPE1);
        }
        // A later batch names /docs again with its current metadata (a child changed its times), not as a new entry.
        gateway.writeFile("/docs/b.txt", TEXT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        assertThat(writeBack.migrateDueFiles()).isEqualTo(1);
        assertThat(gateway.controller.migrations.get(1)).extracting(file -> file.source().path())
                .containsExactly("docs", "docs/b.txt");
        assertThat(gateway.controller.migrations.get(1).get(0).source().times().modify())
                .isEqualTo(gateway.inode("/docs").mtime());
    }

    @Test
    void theNextMigrationOfATapeCarriesItsChangesAndTheRowsGoOnceItsIndexHoldsThem() {
        filesOnTape();
        namespace.rename("/docs/a.txt", "/docs/c.txt");
        namespace.chmod("/docs/b.txt", 0600);
        namespace.chmod("/docs/b.txt", 0640);
        gateway.writeFile("/new.txt", TEXT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));

        assertThat(writeBack.migrateDueFiles()).isEqualTo(1);

        List<VolumeChanges> header = gateway.controller.headers.get(gateway.controller.headers.size() - 1);
        VolumeChanges tape1 = header.stream().filter(list -> list.volumeTag().equals(TAPE1)).findFirst().orElseThrow();
        assertThat(tape1.changes()).extracting(IndexChange::path)
                .containsExactly("docs/a.txt", "docs/c.txt", "docs", "docs/b.txt", IndexChange.ROOT_PATH);
        assertThat(tape1.changes().get(0)).isEqualTo(new IndexChange.Rename("docs/a.txt", "docs/c.txt"));
        IndexChange.Put b = (IndexChange.Put) tape1.changes().get(3);
        assertThat(b.mode()).isEqualTo(0640);
        assertThat(b.kind()).isEqualTo(FileKind.FILE);
        // The other tape, with no changes of its own, gets the root's times alone.
        VolumeChanges tape2 = header.stream().filter(list -> list.volumeTag().equals(TAPE2)).findFirst().orElseThrow();
        assertThat(tape2.changes()).extracting(IndexChange::path).containsExactly(IndexChange.ROOT_PATH);
        assertThat(gateway.catalog.pending().oldestByVolume()).isEmpty();
        assertThat(gateway.controller.indexPaths(TAPE1)).contains("docs/c.txt", "new.txt").doesNotContain("docs/a.txt");
    }

    @Test
    void aControllerThatIgnoresTheHeaderLeavesTheRowsPending() {
        filesOnTape();
        gateway.controller.ignoreHeaderChanges();
        namespace.unlink("/docs/a.txt");
        gateway.writeFile("/new.txt", TEXT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));

        assertThat(writeBack.migrateDueFiles()).isEqualTo(1);

        assertThat(gateway.catalog.pending().of(TAPE1)).extracting(PendingChange::kind)
                .containsExactly(PendingChange.Kind.DELETE, PendingChange.Kind.ATTRIBUTES);
    }

    @Test
    void aShelvedTapesChangesWaitForItToComeBack() {
        filesOnTape();
        namespace.rename("/docs/a.txt", "/c.txt");
        gateway.catalog.shelvedVolumes().shelve(List.of(TAPE1), gateway.clock.instant());
        gateway.clock.advance(TieringFixture.METADATA_SYNC_INTERVAL.plusSeconds(1));

        assertThat(sync.syncDue().volumes()).isZero();
        assertThat(gateway.controller.indexUpdates).as("no load of a cartridge out of the library").isEmpty();

        gateway.catalog.shelvedVolumes().unshelve(List.of(TAPE1));
        assertThat(sync.syncDue().volumes()).isEqualTo(1);
        assertThat(gateway.controller.indexPaths(TAPE1)).contains("c.txt");
    }

    @Test
    void aTapeNoMigrationWritesGetsItsChangesByUpdateIndexOnceTheOldestIsOlderThanTheInterval() {
        filesOnTape();
        namespace.rename("/docs/a.txt", "/c.txt");
        namespace.unlink("/docs/b.txt");

        gateway.clock.advance(TieringFixture.METADATA_SYNC_INTERVAL.minusSeconds(1));
        assertThat(sync.syncDue().volumes()).isZero();
        assertThat(gateway.controller.indexUpdates).isEmpty();

        gateway.clock.advance(Duration.ofSeconds(2));
        SyncSummary summary = sync.syncDue();

        assertThat(summary).isEqualTo(new SyncSummary(1, 5, 0, List.of()));
        VolumeChanges update = gateway.controller.indexUpdates.get(0);
        assertThat(update.volumeTag()).isEqualTo(TAPE1);
        assertThat(update.changes()).extracting(IndexChange::path)
                .containsExactly("docs/a.txt", "docs/b.txt", "c.txt", "docs", IndexChange.ROOT_PATH);
        assertThat(gateway.controller.indexPaths(TAPE1)).containsExactlyInAnyOrder("docs", "c.txt");
        assertThat(gateway.catalog.pending().oldestByVolume()).isEmpty();
        assertThat(gateway.catalog.volume(TAPE1).orElseThrow().generation())
                .as("the catalog knows the index generation it wrote (migration 2, update 3)").isEqualTo(3);
        assertThat(sync.syncDue().volumes()).as("nothing left").isZero();
    }

    @Test
    void aControllerAwayKeepsTheRowsAndTheTapeIsTriedAgainAfterABackOff() {
        filesOnTape();
        namespace.chmod("/docs/a.txt", 0600);
        gateway.clock.advance(TieringFixture.METADATA_SYNC_INTERVAL.plusSeconds(1));
        gateway.controller.away(true);

        assertThatThrownBy(() -> sync.syncDue()).isInstanceOf(ControllerUnavailableException.class);
        assertThat(gateway.catalog.pending().of(TAPE1)).hasSize(1);

        gateway.controller.away(false);
        assertThat(sync.syncDue().volumes()).as("backing off").isZero();
        gateway.clock.advance(RetryBackoff.FIRST);
        assertThat(sync.syncDue().volumes()).isEqualTo(1);
        assertThat(gateway.catalog.pending().oldestByVolume()).isEmpty();
    }

    @Test
    void aChangeTheIndexCannotTakeIsSkippedAndDroppedTheOthersApply() {
        filesOnTape();
        // Imported from another writer's index: the in-memory index does not name it, so its removal is skipped.
        gateway.catalog.importVolume(IndexEntries.volume(summary(TAPE2), gateway.clock.instant()),
                List.of(new io.tapelib.gateway.catalog.TapeEntry("old.txt", FileKind.FILE, 3, 0644, 0, 0,
                        gateway.clock.instant(), gateway.clock.instant(), gateway.clock.instant(),
                        gateway.clock.instant(), null, List.of(), List.of())).iterator());
        namespace.unlink("/old.txt");
        namespace.chmod("/docs/a.txt", 0600);

        SyncSummary summary = sync.syncAll();

        assertThat(summary.volumes()).isEqualTo(2);
        assertThat(summary.skipped()).isEqualTo(1);
        assertThat(gateway.catalog.pending().oldestByVolume()).isEmpty();
        assertThat(gateway.controller.indexUpdates).extracting(VolumeChanges::volumeTag)
                .containsExactly(TAPE1, TAPE2);
    }

    @Test
    void syncAllRunsOnTheSyncThreadAndAControllerAwayIsAnError() {
        filesOnTape();
        namespace.chmod("/docs/a.txt", 0600);
        gateway.controller.away(true);

        assertThatThrownBy(() -> sync.syncAll()).isInstanceOf(ControllerUnavailableException.class);
        assertThat(gateway.catalog.pending().of(TAPE1)).hasSize(1);

        gateway.controller.away(false);
        assertThat(sync.syncAll()).isEqualTo(new SyncSummary(1, 2, 0, List.of()));
    }
}
