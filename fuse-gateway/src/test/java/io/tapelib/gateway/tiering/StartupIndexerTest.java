package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.FileTimes;
import io.tapelib.gateway.controller.TapeExtent;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.posix.FileKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StartupIndexer against the in-memory controller: which cartridges it reads, and what lands in the catalog. */
class StartupIndexerTest {
    private static final Instant WRITTEN = Instant.parse("2024-11-05T08:00:00.123456789Z");
    private static final FileTimes TIMES = new FileTimes(WRITTEN, WRITTEN.plusSeconds(1), WRITTEN.plusSeconds(2),
            WRITTEN.minusSeconds(60));

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private StartupIndexer indexer;
    private final List<Long> evicted = new ArrayList<>();

    @BeforeEach
    void open() {
        gateway = new TieringFixture(dir, Duration.ofSeconds(5));
        indexer = new StartupIndexer(gateway.controller, gateway.catalog, gateway.clock, gateway.backups);
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    private TapeIndexEntry file(String volumeTag, String path, String content, TapeIndexEntry.Xattr... xattrs) {
        TapeExtent extent = gateway.controller.write(volumeTag, content.getBytes(StandardCharsets.UTF_8));
        return new TapeIndexEntry(path, FileKind.FILE, content.length(), 0640, 1000, 100, TIMES, null,
                List.of(extent), List.of(xattrs));
    }

    private static TapeIndexEntry directory(String path) {
        return new TapeIndexEntry(path, FileKind.DIRECTORY, 0, 0755, 0, 0, TIMES, null, List.of(), List.of());
    }

    @Test
    void newCartridgesAreCatalogedFromTheirIndexAndKnownOnesAreNotReadAgain() {
        gateway.controller.volume("TAPE01L6", 10_000_000).volume("TAPE02L6", 10_000_000).loaded("TAPE02L6");
        gateway.controller.indexEntry("TAPE01L6", directory("projects"))
                .indexEntry("TAPE01L6", file("TAPE01L6", "projects/plan.txt", "the plan\n",
                        new TapeIndexEntry.Xattr("ltfs.hash.sha256sum", "ab12".getBytes(StandardCharsets.US_ASCII))))
                .indexEntry("TAPE01L6", new TapeIndexEntry("projects/current", FileKind.SYMLINK, 0, 0777, 0, 0, TIMES,
                        "plan.txt", List.of(), List.of()))
                .indexEntry("TAPE02L6", file("TAPE02L6", "notes.txt", "notes from the loaded tape\n"));

        List<String> indexed = indexer.indexNewCartridges(evicted::addAll);

        assertThat(indexed).as("data cartridges only: no cleaning cartridge, no empty slot").containsExactly("TAPE01L6",
                "TAPE02L6");
        Inode plan = gateway.inode("/projects/plan.txt");
        assertThat(plan.kind()).isEqualTo(FileKind.FILE);
        assertThat(plan.size()).isEqualTo(9);
        assertThat(plan.mode()).isEqualTo(0640);
        assertThat(plan.uid()).isEqualTo(1000);
        assertThat(plan.gid()).isEqualTo(100);
        assertThat(plan.mtime()).isEqualTo(TIMES.modify());
        assertThat(plan.ctime()).isEqualTo(TIMES.change());
        assertThat(plan.crtime()).isEqualTo(TIMES.creation());
        assertThat(plan.isDirty()).isFalse();
        assertThat(gateway.catalog.copies().extents(plan.id(), "TAPE01L6")).singleElement()
                .isEqualTo(new ExtentRecord(1, 0, 0, 9, 0));
        assertThat(gateway.catalog.xattrs(plan.id())).as("the format's ltfs.* attributes are no user's").isEmpty();
        assertThat(gateway.catalog.copies().sha256(plan.id())).as("shown as user.tapelib.sha256").contains("ab12");
        assertThat(gateway.inode("/projects/current").symlinkTarget()).isEqualTo("plan.txt");
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/notes.txt").id()))
                .containsExactly("TAPE02L6");
        assertThat(gateway.catalog.volume("TAPE01L6")).get().satisfies(volume -> {
            assertThat(volume.state()).isEqualTo(VolumeState.LTFS);
            assertThat(volume.uuid()).isEqualTo("uuid-TAPE01L6");
            assertThat(volume.blockSize()).isEqualTo(4096);
            assertThat(volume.capacityBytes()).isEqualTo(10_000_000);
        });

        assertThat(indexer.indexNewCartridges(evicted::addAll)).as("a restart loads no cartridge").isEmpty();
        assertThat(gateway.controller.indexReads).containsExactly("TAPE01L6", "TAPE02L6");
    }

    private static TapeIndexEntry root(int mode, int uid, Instant changed, String note) {
        FileTimes times = new FileTimes(changed.minusSeconds(30), changed, changed.plusSeconds(5),
                WRITTEN.minusSeconds(3600));
        return new TapeIndexEntry("", FileKind.DIRECTORY, 0, mode, uid, 100, times, null, List.of(),
                List.of(new TapeIndexEntry.Xattr("note", note.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theMountRootTakesTheMetadataOfTheNewestTapeRootAndNoneIsAChild() {
        Instant older = WRITTEN.plusSeconds(60);
        Instant newest = WRITTEN.plusSeconds(3600);
        gateway.controller.volume("TAPE01L6", 10_000_000).volume("TAPE02L6", 10_000_000).volume("TAPE03L6", 10_000_000)
                .indexEntry("TAPE01L6", root(0711, 1001, older, "older"))
                .indexEntry("TAPE01L6", file("TAPE01L6", "one.txt", "one\n"))
                .indexEntry("TAPE02L6", root(0700, 1002, newest, "newest"))
                .indexEntry("TAPE03L6", root(0755, 1003, older, "older again"))
                .indexEntry("TAPE03L6", directory("three"));

        assertThat(indexer.indexNewCartridges(evicted::addAll)).containsExactly("TAPE01L6", "TAPE02L6", "TAPE03L6");

        Inode root = gateway.catalog.get(Catalog.ROOT_ID).orElseThrow();
        assertThat(List.of(root.mode(), root.uid(), root.gid())).as("TAPE02L6's root, the newest")
                .containsExactly(0700, 1002, 100);
        assertThat(root.ctime()).isEqualTo(newest);
        assertThat(root.mtime()).isEqualTo(newest.minusSeconds(30));
        assertThat(root.atime()).isEqualTo(newest.plusSeconds(5));
        assertThat(gateway.catalog.xattrs(Catalog.ROOT_ID)).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("user.note");
            assertThat(new String(x.value(), StandardCharsets.UTF_8)).isEqualTo("newest");
        });
        assertThat(gateway.catalog.lookup(Catalog.ROOT_ID, "")).as("the root is no child of itself").isEmpty();
        assertThat(gateway.catalog.resolve("/one.txt")).isPresent();
        assertThat(gateway.catalog.resolve("/three")).isPresent();
        assertThat(gateway.catalog.pending().oldestByVolume()).as("metadata from tape goes back to no tape").isEmpty();
    }

    @Test
    void aDirectoryOnSeveralTapesTakesTheNewestTapesMetadataAndUserXattrs() {
        Instant older = WRITTEN.plusSeconds(60);
        Instant newest = WRITTEN.plusSeconds(3600);
        gateway.controller.volume("TAPE01L6", 10_000_000).volume("TAPE02L6", 10_000_000).volume("TAPE03L6", 10_000_000)
                .indexEntry("TAPE01L6", directoryAt("shared", 0711, older, "older"))
                .indexEntry("TAPE02L6", directoryAt("shared", 0700, newest, "newest"))
                .indexEntry("TAPE03L6", directoryAt("shared", 0755, older, "older again"));

        assertThat(indexer.indexNewCartridges(evicted::addAll)).containsExactly("TAPE01L6", "TAPE02L6", "TAPE03L6");

        Inode shared = gateway.inode("/shared");
        assertThat(shared.mode()).as("TAPE02L6's, the newest").isEqualTo(0700);
        assertThat(shared.ctime()).isEqualTo(newest);
        assertThat(gateway.catalog.xattrs(shared.id())).singleElement().satisfies(
                x -> assertThat(new String(x.value(), StandardCharsets.UTF_8)).isEqualTo("newest"));
        assertThat(gateway.catalog.copies().currentVolumes(shared.id())).hasSize(3);
    }

    private static TapeIndexEntry directoryAt(String path, int mode, Instant changed, String note) {
        TapeIndexEntry root = root(mode, 1000, changed, note);
        return new TapeIndexEntry(path, FileKind.DIRECTORY, 0, mode, 1000, 100, root.times(), null, List.of(),
                root.xattrs());
    }

    @Test
    void aCatalogRootChangedAfterTheTapeRootKeepsItsOwnMetadata() {
        Inode before = gateway.catalog.setMode(Catalog.ROOT_ID, 0750, gateway.clock.instant());
        gateway.catalog.xattrChanges().set(Catalog.ROOT_ID, "user.note",
                "the catalog's".getBytes(StandardCharsets.UTF_8), false, false, gateway.clock.instant());
        Inode changed = gateway.catalog.get(Catalog.ROOT_ID).orElseThrow();
        gateway.controller.volume("TAPE01L6", 10_000_000)
                .indexEntry("TAPE01L6", root(0700, 1001, changed.ctime().minusSeconds(1), "the tape's"))
                .indexEntry("TAPE01L6", file("TAPE01L6", "one.txt", "one\n"));

        assertThat(indexer.indexNewCartridges(evicted::addAll)).containsExactly("TAPE01L6");

        assertThat(gateway.catalog.get(Catalog.ROOT_ID).orElseThrow()).as("set after the tape's root changed")
                .isEqualTo(changed);
        assertThat(before.mode()).isEqualTo(0750);
        assertThat(gateway.catalog.xattrs(Catalog.ROOT_ID)).singleElement().satisfies(
                x -> assertThat(new String(x.value(), StandardCharsets.UTF_8)).isEqualTo("the catalog's"));
        assertThat(gateway.catalog.resolve("/one.txt")).isPresent();
    }

    @Test
    void afterARestoreKnownCartridgesWhoseIndexGenerationChangedAreIndexedAgainAndABackupFollows() throws Exception {
        gateway.controller.volume("TAPE01L6", 10_000_000).volume("TAPE02L6", 10_000_000)
                .indexEntry("TAPE01L6", file("TAPE01L6", "before.txt", "known to the backup\n"))
                .indexEntry("TAPE02L6", file("TAPE02L6", "other.txt", "unchanged tape\n"));
        assertThat(indexer.indexNewCartridges(evicted::addAll)).containsExactly("TAPE01L6", "TAPE02L6");
        gateway.controller.indexEntry("TAPE01L6", file("TAPE01L6", "after.txt", "written after the backup\n"))
                .newIndexGeneration("TAPE01L6");

        assertThat(indexer.indexNewCartridges(evicted::addAll)).as("known cartridges are not read at a normal start")
                .isEmpty();
        assertThat(indexer.indexCartridges(evicted::addAll, true)).containsExactly("TAPE01L6");

        assertThat(gateway.catalog.resolve("/after.txt")).isPresent();
        assertThat(gateway.catalog.resolve("/before.txt")).isPresent();
        assertThat(gateway.catalog.volume("TAPE01L6")).get().extracting(VolumeRecord::generation).isEqualTo(2L);
        assertThat(gateway.controller.indexReads).containsExactly("TAPE01L6", "TAPE02L6", "TAPE01L6", "TAPE02L6");
        gateway.backups.close();
        try (Stream<Path> backups = Files.list(dir.resolve("backup"))) {
            assertThat(backups.count()).as("a backup follows the imports").isBetween(1L, 2L);
        }
    }

    @Test
    void aCartridgeWhoseIndexCannotBeReadIsLeftForTheNextStartAndTheOthersAreIndexed() {
        gateway.controller.volume("TAPE01L6", 10_000_000).volume("TAPE02L6", 10_000_000)
                .indexEntry("TAPE02L6", file("TAPE02L6", "notes.txt", "notes\n"));
        gateway.controller.failIndexRead("TAPE01L6",
                new ControllerUnavailableException("FAILED_PRECONDITION", "ReadIndex TAPE01L6: no LTFS index", null));

        assertThat(indexer.indexNewCartridges(evicted::addAll)).containsExactly("TAPE02L6");
        assertThat(gateway.catalog.volume("TAPE01L6")).isEmpty();
        assertThat(gateway.catalog.resolve("/notes.txt")).isPresent();

        gateway.controller.failIndexRead("TAPE01L6", null);
        assertThat(indexer.indexNewCartridges(evicted::addAll)).containsExactly("TAPE01L6");
    }

    @Test
    void aControllerThatIsAwaySkipsIndexingWithoutFailingTheStart() {
        gateway.controller.volume("TAPE01L6", 10_000_000).away(true);

        assertThat(indexer.indexNewCartridges(evicted::addAll)).isEmpty();
        assertThat(gateway.controller.indexReads).isEmpty();
        assertThat(gateway.catalog.volumes()).isEmpty();
    }
}
