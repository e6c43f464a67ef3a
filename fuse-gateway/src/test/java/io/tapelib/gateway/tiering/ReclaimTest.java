package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.PendingChange;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.catalog.VolumeUse;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.MigrationReport.RejectReason;
import io.tapelib.gateway.controller.ReclaimBatch;
import io.tapelib.gateway.controller.VolumeFormat;
import io.tapelib.gateway.controller.VolumeSummary;
import io.tapelib.gateway.namespace.CatalogNamespace;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reclaim against the in-memory controller: which cartridge is chosen, what its batches carry, what the switch
 * transaction does with files changed meanwhile, and that the source is formatted only once nothing live is on it.
 */
class ReclaimTest {
    private static final String OLD = "TAPE01L6";
    private static final String NEW = "TAPE02L6";
    private static final int FILE_BYTES = 20_000;

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private CatalogNamespace namespace;
    private WriteBack writeBack;
    private final Map<String, byte[]> written = new java.util.TreeMap<>();

    @BeforeEach
    void open() {
        gateway = new TieringFixture(dir, Duration.ofSeconds(5));
        namespace = gateway.namespace(inode -> {
            throw new AssertionError("nothing is read from tape in these tests");
        });
        gateway.controller.volume(OLD, 200_000).volume(NEW, 1_000_000);
        writeBack = gateway.writeBack(new PendingClaims());
        namespace.mkdir("/docs", 0755, 1000, 1000);
        namespace.mkdir("/docs/empty", 0700, 1000, 1000);
        for (String name : List.of("a", "b", "c", "d", "e", "f")) {
            write("/docs/" + name + ".bin", name.charAt(0));
        }
        namespace.symlink("a.bin", "/docs/link", 1000, 1000);
        migrate();
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/docs/a.bin").id())).containsExactly(OLD);
    }

    @AfterEach
    void close() {
        writeBack.stop();
        gateway.close();
    }

    private void write(String path, char fill) {
        byte[] content = String.valueOf(fill).repeat(FILE_BYTES).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        gateway.writeFile(path, content);
        written.put(path, content);
    }

    private void delete(String path) {
        namespace.unlink(path);
        written.remove(path);
    }

    private void migrate() {
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        writeBack.migrateDueFiles();
    }

    private ReclaimService service(long batchBytes) {
        return new ReclaimService(gateway.catalog, gateway.controller, gateway.clock, gateway.backups,
                new ReclaimPolicy(0.20), batchBytes, Duration.ZERO, () -> true);
    }

    /** Runs steps as the reclaim thread does while the drives are idle, until there is nothing more to do. */
    private static int runToEnd(ReclaimService service) {
        int steps = 0;
        while (service.runOneStep()) {
            if (++steps > 50) {
                throw new AssertionError("the reclaim did not end in 50 steps");
            }
        }
        return steps;
    }

    private byte[] contentOn(String volumeTag, String path) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (ExtentRecord extent : gateway.catalog.copies().extents(gateway.inode(path).id(), volumeTag)) {
            content.writeBytes(gateway.controller.read(volumeTag, IndexEntries.extent(extent)));
        }
        return content.toByteArray();
    }

    private VolumeUse use(String volumeTag) {
        return gateway.catalog.reclaims().volumeUse(volumeTag).orElseThrow();
    }

    @Test
    void deadBytesAreUsedBytesLessThoseOfTheCurrentCopies() {
        VolumeUse before = use(OLD);
        assertThat(before.liveEntries()).as("six files, a symlink, two directories").isEqualTo(9);
        assertThat(before.liveBytes()).isEqualTo(6L * FILE_BYTES);
        assertThat(before.deadBytes()).as("block padding only").isLessThan(6L * InMemoryBlock.SIZE);

        delete("/docs/b.bin");
        write("/docs/c.bin", 'C');

        VolumeUse after = use(OLD);
        assertThat(after.liveBytes()).as("a deleted and a rewritten file are live there no more").isEqualTo(4L * FILE_BYTES);
        assertThat(after.deadBytes()).isGreaterThanOrEqualTo(2L * FILE_BYTES);
    }

    @Test
    void aCartridgeBelowTheThresholdIsLeftAlone() {
        delete("/docs/b.bin");

        assertThat(service(1_000_000).runOneStep()).isFalse();
        assertThat(gateway.catalog.reclaims().reclaims()).isEmpty();
        assertThat(gateway.controller.reclaims).isEmpty();
    }

    @Test
    void aCartridgePastTheThresholdHasItsLiveEntriesCopiedThenIsFormattedAndBlank() {
        delete("/docs/b.bin");
        delete("/docs/d.bin");
        long live = use(OLD).liveBytes();

        runToEnd(service(1_000_000));

        assertThat(gateway.controller.formats).containsExactly(OLD);
        assertThat(gateway.catalog.volume(OLD).orElseThrow().state()).isEqualTo(VolumeState.BLANK);
        assertThat(gateway.catalog.reclaims().reclaims()).isEmpty();
        assertThat(gateway.catalog.pending().of(OLD)).isEmpty();
        ReclaimBatch batch = gateway.controller.reclaims.get(0);
        assertThat(batch.sourceVolumeTag()).isEqualTo(OLD);
        assertThat(batch.bytes()).as("only live files are read").isEqualTo(live);
        assertThat(batch.files()).extracting(entry -> entry.file().path())
                .as("directories first, with no deleted file").startsWith("docs", "docs/empty")
                .contains("docs/link", "docs/a.bin").doesNotContain("docs/b.bin", "docs/d.bin");
        for (Map.Entry<String, byte[]> file : written.entrySet()) {
            Inode inode = gateway.inode(file.getKey());
            assertThat(gateway.catalog.copies().currentVolumes(inode.id())).as(file.getKey()).containsExactly(NEW);
            assertThat(contentOn(NEW, file.getKey())).as(file.getKey()).isEqualTo(file.getValue());
        }
        for (String path : List.of("/docs", "/docs/empty", "/docs/link")) {
            assertThat(gateway.catalog.copies().currentVolumes(gateway.inode(path).id())).as(path).containsExactly(NEW);
        }
        assertThat(use(OLD).usedBytes()).as("the scratch pool counts it empty").isZero();
    }

    @Test
    void entriesChangedDuringTheBatchAreSwitchedRenamedOrLeftAsTheirChangeSays() {
        delete("/docs/b.bin");
        delete("/docs/e.bin");
        gateway.controller.duringReclaim(batch -> {
            namespace.rename("/docs/a.bin", "/docs/a2.bin");
            namespace.unlink("/docs/c.bin");
            gateway.writeFile("/docs/d.bin", "D".repeat(FILE_BYTES).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            namespace.chmod("/docs/f.bin", 0600);
        });
        ReclaimService service = service(1_000_000);
        gateway.catalog.reclaims().start(OLD, gateway.clock.instant());

        assertThat(service.runOneStep()).isTrue();

        Inode renamed = gateway.inode("/docs/a2.bin");
        assertThat(gateway.catalog.copies().currentVolumes(renamed.id())).containsExactly(NEW);
        List<PendingChange> pending = gateway.catalog.pending().of(NEW);
        assertThat(pending).filteredOn(change -> change.kind() == PendingChange.Kind.RENAME)
                .extracting(PendingChange::path, PendingChange::newPath)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/docs/a.bin", "/docs/a2.bin"));
        assertThat(pending).filteredOn(change -> change.kind() == PendingChange.Kind.ATTRIBUTES)
                .extracting(PendingChange::path).contains("/docs/f.bin");
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/docs/f.bin").id())).containsExactly(NEW);
        Inode rewritten = gateway.inode("/docs/d.bin");
        assertThat(rewritten.isDirty()).isTrue();
        assertThat(gateway.catalog.copies().currentVolumes(rewritten.id()))
                .as("its old content is dead bytes on both").isEmpty();
        assertThat(gateway.catalog.resolve("/docs/c.bin")).isEmpty();
        assertThat(pending).as("the target's index names the file deleted meanwhile: a rebuild must not bring it back")
                .filteredOn(change -> change.kind() == PendingChange.Kind.DELETE).extracting(PendingChange::path)
                .containsExactly("/docs/c.bin");

        runToEnd(service);
        assertThat(gateway.controller.formats).as("nothing live was left: the rewritten file is in the cache")
                .containsExactly(OLD);
        migrate();
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/docs/d.bin").id())).containsExactly(NEW);
    }

    @Test
    void aFailedBatchChangesNothingAndAGatewayRestartedGoesOnFromTheCatalog() {
        delete("/docs/b.bin");
        delete("/docs/c.bin");
        ReclaimService first = service(FILE_BYTES);
        assertThat(first.runOneStep()).isTrue();
        assertThat(gateway.controller.reclaims).hasSize(1);
        int liveAfterOne = use(OLD).liveEntries();
        assertThat(liveAfterOne).as("one batch of " + FILE_BYTES + " bytes moved some, not all").isBetween(1, 6);

        gateway.controller.away(true);
        assertThatThrownBy(first::runOneStep).isInstanceOf(ControllerUnavailableException.class);
        assertThat(use(OLD).liveEntries()).as("the failed batch switched nothing").isEqualTo(liveAfterOne);
        assertThat(gateway.controller.formats).isEmpty();

        gateway.controller.away(false);
        runToEnd(service(FILE_BYTES));
        assertThat(gateway.controller.formats).containsExactly(OLD);
        for (Map.Entry<String, byte[]> file : written.entrySet()) {
            assertThat(contentOn(NEW, file.getKey())).as(file.getKey()).isEqualTo(file.getValue());
        }
    }

    @Test
    void aCartridgeLoadedWriteProtectedIsNeverChosenNorStartedByHand() {
        delete("/docs/b.bin");
        delete("/docs/d.bin");
        gateway.controller.writeProtect(OLD);
        VolumeRecord known = gateway.catalog.volume(OLD).orElseThrow();
        // the mount event of its next load, the index unchanged
        new StartupIndexer(gateway.controller, gateway.catalog, gateway.clock, gateway.backups)
                .indexIfChanged(new VolumeSummary(OLD, VolumeFormat.LTFS, known.uuid(), known.generation(),
                        known.blockSize(), known.capacityBytes(), known.remainingBytes(), true), stale -> { });

        assertThat(use(OLD).writeProtected()).isTrue();
        ReclaimService service = service(1_000_000);
        assertThat(service.runOneStep()).as("past the threshold, but write protected").isFalse();
        assertThatThrownBy(() -> service.startByHand(OLD)).isInstanceOf(ReclaimRefusedException.class)
                .hasMessageContaining(OLD + " is write protected");
        assertThat(gateway.controller.reclaims).isEmpty();
    }

    @Test
    void aReclaimTheControllerRefusesForItsSourceIsGivenUpWithEveryFileLeftOnIt() {
        delete("/docs/b.bin");
        delete("/docs/d.bin");
        // the tab was set after the cartridge's last load: only the controller's Reclaim finds out
        gateway.controller.writeProtect(OLD);

        int steps = runToEnd(service(1_000_000));

        assertThat(steps).as("one step: the refused batch").isEqualTo(1);
        assertThat(gateway.controller.reclaims).hasSize(1);
        assertThat(gateway.controller.formats).isEmpty();
        assertThat(gateway.catalog.reclaims().reclaims()).as("given up").isEmpty();
        for (String path : written.keySet()) {
            assertThat(gateway.catalog.copies().currentVolumes(gateway.inode(path).id())).as(path)
                    .containsExactly(OLD);
        }
    }

    @Test
    void aFileTheTargetsKeepRefusingStaysOnTheSourceWhichIsNeverFormatted() {
        delete("/docs/b.bin");
        delete("/docs/c.bin");
        gateway.controller.refuse("docs/f.bin", RejectReason.PATH_CONFLICT);

        runToEnd(service(1_000_000));

        assertThat(gateway.controller.formats).isEmpty();
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/docs/f.bin").id())).containsExactly(OLD);
        assertThat(gateway.catalog.volume(OLD).orElseThrow().state()).isEqualTo(VolumeState.LTFS);
        assertThat(gateway.catalog.reclaims().reclaims()).as("given up after batches that moved nothing").isEmpty();
    }

    @Test
    void aCopyWhoseSha256DiffersFromTheCatalogsIsNotSwitchedAndKeepsTheSourceFromBeingFormatted() {
        io.tapelib.gateway.catalog.ReclaimCatalog reclaims = gateway.catalog.reclaims();
        List<io.tapelib.gateway.catalog.LiveEntry> live = reclaims.liveEntries(OLD, 1_000_000, 100);
        io.tapelib.gateway.catalog.LiveEntry a = live.stream().filter(e -> e.path().equals("/docs/a.bin")).findFirst()
                .orElseThrow();
        io.tapelib.gateway.catalog.LiveEntry e = live.stream().filter(x -> x.path().equals("/docs/e.bin")).findFirst()
                .orElseThrow();
        assertThat(a.sha256()).as("write-back recorded it").isNotBlank();
        List<ExtentRecord> somewhere = List.of(new ExtentRecord(1, 7, 0, FILE_BYTES, 0));

        io.tapelib.gateway.catalog.ReclaimSwitch result = reclaims.switchBatch(OLD, NEW, List.of(
                new io.tapelib.gateway.catalog.ReclaimCopy(a, somewhere, "0".repeat(64)),
                new io.tapelib.gateway.catalog.ReclaimCopy(e, somewhere, e.sha256())), gateway.clock.instant());

        assertThat(result.mismatched()).containsExactly("/docs/a.bin");
        assertThat(result.switched()).isEqualTo(1);
        assertThat(result.sourceEmpty()).isFalse();
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/docs/a.bin").id())).containsExactly(OLD);
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/docs/e.bin").id())).containsExactly(NEW);
        assertThat(gateway.catalog.copies().extents(gateway.inode("/docs/e.bin").id(), NEW)).isEqualTo(somewhere);
        assertThat(gateway.catalog.copies().extents(gateway.inode("/docs/e.bin").id(), OLD)).isEmpty();
        assertThat(reclaims.holdsLive(OLD)).isTrue();
        assertThat(gateway.catalog.pending().of(NEW)).as("the bad copy leaves the target's index")
                .extracting(PendingChange::kind, PendingChange::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.DELETE, "/docs/a.bin"));
    }

    @Test
    void writeBackNeverWritesToACartridgeBeingReclaimed() {
        gateway.catalog.reclaims().start(OLD, gateway.clock.instant());
        write("/docs/new.bin", 'n');

        migrate();

        assertThat(gateway.controller.exclusions.get(gateway.controller.exclusions.size() - 1)).isEqualTo(Set.of(OLD));
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/docs/new.bin").id())).containsExactly(NEW);
    }

    @Test
    void aReclaimByHandIsRefusedForAnUnknownOrShelvedCartridgeOrOneBeingReclaimed() {
        ReclaimService service = service(1_000_000);
        assertThatThrownBy(() -> service.startByHand("NOPE01L6")).isInstanceOf(ReclaimRefusedException.class)
                .matches(e -> ((ReclaimRefusedException) e).unknown());

        VolumeUse use = service.startByHand(OLD);
        assertThat(use.liveEntries()).isEqualTo(9);
        assertThat(service.status()).extracting(ReclaimStatus::volumeTag).containsExactly(OLD);
        assertThatThrownBy(() -> service.startByHand(OLD)).isInstanceOf(ReclaimRefusedException.class)
                .hasMessageContaining("already").matches(e -> !((ReclaimRefusedException) e).unknown());

        gateway.catalog.upsertVolume(new io.tapelib.gateway.catalog.VolumeRecord("GONE01L6", "u", VolumeState.LTFS, 1,
                1000, 10, 4096, null));
        assertThatThrownBy(() -> service.startByHand("GONE01L6")).isInstanceOf(ReclaimRefusedException.class)
                .hasMessageContaining("shelved");
    }

    /** The in-memory controller's block size, for padding bounds. */
    private static final class InMemoryBlock {
        static final int SIZE = io.tapelib.gateway.controller.InMemoryTapeController.BLOCK_SIZE;
    }
}
