package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.CatalogBackups;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.InMemoryTapeController.SentFile;
import io.tapelib.gateway.controller.MigrationReport.RejectReason;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.controller.TapeExtent;
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

/** WriteBack against the in-memory controller: what it sends, and what each kind of answer does to the files. */
class WriteBackTest {
    private static final byte[] REPORT = "quarterly report\n".repeat(300).getBytes(StandardCharsets.UTF_8);
    private static final byte[] PHOTO = new byte[10_000];

    static {
        for (int i = 0; i < PHOTO.length; i++) {
            PHOTO[i] = (byte) (i * 31);
        }
    }

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private CatalogNamespace namespace;
    private WriteBack writeBack;

    @BeforeEach
    void open() {
        gateway = new TieringFixture(dir, Duration.ofSeconds(5));
        namespace = gateway.namespaceWithNothingOffline();
        gateway.controller.volume("TAPE01L6", 1_000_000).volume("TAPE02L6", 1_000_000);
        writeBack = gateway.writeBack(new PendingClaims());
    }

    @AfterEach
    void close() {
        writeBack.stop();
        gateway.close();
    }

    private static List<String> paths(List<SentFile> batch) {
        return batch.stream().map(file -> file.source().path()).toList();
    }

    @Test
    void aConfirmedBatchIsFollowedByACatalogBackupThatKnowsTheFileIsOnTape() throws Exception {
        gateway.writeFile("/report.txt", REPORT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        assertThat(writeBack.migrateDueFiles()).isEqualTo(1);

        gateway.backups.close();
        List<Path> backups = new CatalogBackups(dir.resolve("backup"), gateway.clock).newestFirst();
        assertThat(backups).hasSize(1);
        try (Catalog backup = Catalog.open(backups.get(0))) {
            Inode report = backup.resolve("/report.txt").orElseThrow();
            assertThat(report.isDirty()).isFalse();
            assertThat(backup.copies().currentVolumes(report.id())).containsExactly("TAPE01L6");
        }
    }

    @Test
    void filesUnchangedForTheWriteDelayGoInOneBatchAndBecomeCleanWithTheirExtents() {
        gateway.writeFile("/report.txt", REPORT);
        gateway.writeFile("/photo.raw", PHOTO);

        assertThat(writeBack.migrateDueFiles()).as("nothing is due before the write delay").isZero();
        assertThat(gateway.controller.migrations).isEmpty();

        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        gateway.writeFile("/fresh.txt", REPORT);
        assertThat(writeBack.migrateDueFiles()).isEqualTo(2);

        assertThat(gateway.controller.migrations).hasSize(1);
        List<SentFile> batch = gateway.controller.migrations.get(0);
        assertThat(paths(batch)).as("oldest change first, paths relative to the volume root")
                .containsExactly("report.txt", "photo.raw");
        assertThat(batch.get(0).content()).isEqualTo(REPORT);
        assertThat(batch.get(1).content()).isEqualTo(PHOTO);
        MigrationSource report = batch.get(0).source();
        Inode inode = gateway.inode("/report.txt");
        assertThat(report.fileId()).isEqualTo(inode.id());
        assertThat(report.length()).isEqualTo(REPORT.length);
        assertThat(report.mode()).isEqualTo(0644);
        assertThat(report.uid()).isEqualTo(1000);
        assertThat(report.times().modify()).isEqualTo(inode.mtime());

        for (String path : List.of("/report.txt", "/photo.raw")) {
            assertThat(gateway.inode(path).isDirty()).as(path).isFalse();
            List<ExtentRecord> extents = gateway.catalog.copies().extents(gateway.inode(path).id(), "TAPE01L6");
            assertThat(extents).as(path).hasSize(1);
            ExtentRecord extent = extents.get(0);
            byte[] onTape = gateway.controller.read("TAPE01L6", new TapeExtent(extent.partition(), extent.startBlock(),
                    extent.byteOffset(), extent.byteCount(), extent.fileOffset()));
            assertThat(onTape).as(path).isEqualTo(path.equals("/photo.raw") ? PHOTO : REPORT);
        }
        assertThat(gateway.catalog.volume("TAPE01L6")).get()
                .satisfies(volume -> assertThat(volume.generation()).isEqualTo(2));
        assertThat(gateway.inode("/fresh.txt").isDirty()).as("written within the write delay").isTrue();
    }

    @Test
    void aSymlinkIsSentWithItsTargetAndNoData() {
        namespace.symlink("report.txt", "/latest", 1000, 1000);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));

        assertThat(writeBack.migrateDueFiles()).isEqualTo(1);

        MigrationSource link = gateway.controller.migrations.get(0).get(0).source();
        assertThat(link.kind()).isEqualTo(FileKind.SYMLINK);
        assertThat(link.symlinkTarget()).isEqualTo("report.txt");
        assertThat(link.length()).isZero();
        assertThat(link.data()).isNull();
        assertThat(gateway.inode("/latest").isDirty()).isFalse();
    }

    @Test
    void aFileChangedWhileItMigratesStaysDirtyAndGoesInTheNextRound() {
        gateway.writeFile("/report.txt", REPORT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        gateway.controller.duringMigrate(files -> gateway.writeFile("/report.txt", PHOTO));

        assertThat(writeBack.migrateDueFiles()).isZero();
        assertThat(gateway.inode("/report.txt").isDirty()).isTrue();

        gateway.controller.duringMigrate(files -> { });
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        assertThat(writeBack.migrateDueFiles()).isEqualTo(1);
        assertThat(gateway.controller.migrations).hasSize(2);
        assertThat(gateway.controller.migrations.get(1).get(0).content()).isEqualTo(PHOTO);
        assertThat(gateway.inode("/report.txt").isDirty()).isFalse();
    }

    @Test
    void aRefusedFileIsNotSentAgainUntilItChangesWhileTheOthersMigrate() {
        gateway.writeFile("/conflict.txt", REPORT);
        gateway.writeFile("/report.txt", REPORT);
        gateway.controller.refuse("conflict.txt", RejectReason.PATH_CONFLICT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));

        assertThat(writeBack.migrateDueFiles()).isEqualTo(1);
        assertThat(gateway.inode("/conflict.txt").isDirty()).isTrue();
        assertThat(gateway.inode("/report.txt").isDirty()).isFalse();

        assertThat(writeBack.migrateDueFiles()).as("refused and unchanged: held back").isZero();
        assertThat(gateway.controller.migrations).hasSize(1);

        gateway.writeFile("/conflict.txt", PHOTO);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        writeBack.migrateDueFiles();
        assertThat(gateway.controller.migrations).hasSize(2);
        assertThat(paths(gateway.controller.migrations.get(1))).containsExactly("conflict.txt");
    }

    @Test
    void whenTheVolumeFillsTheUnreachedFilesGoAtOnceToTheNextVolume() {
        byte[] big = new byte[600_000];
        gateway.writeFile("/a.bin", big);
        gateway.writeFile("/b.bin", big);
        gateway.writeFile("/c.txt", REPORT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));

        assertThat(writeBack.migrateDueFiles()).isEqualTo(3);

        assertThat(gateway.controller.migrations).as("one batch, then the rest at once").hasSize(2);
        assertThat(paths(gateway.controller.migrations.get(0))).containsExactly("a.bin", "b.bin", "c.txt");
        assertThat(paths(gateway.controller.migrations.get(1))).containsExactly("b.bin", "c.txt");
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/a.bin").id())).containsExactly("TAPE01L6");
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/b.bin").id())).containsExactly("TAPE02L6");
        assertThat(gateway.catalog.copies().currentVolumes(gateway.inode("/c.txt").id())).containsExactly("TAPE02L6");
    }

    @Test
    void aControllerThatIsAwayFailsTheRoundAndEveryFileStaysDirty() {
        gateway.writeFile("/report.txt", REPORT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        gateway.controller.away(true);

        assertThatThrownBy(writeBack::migrateDueFiles).isInstanceOf(ControllerUnavailableException.class)
                .satisfies(e -> assertThat(((ControllerUnavailableException) e).transientFailure()).isTrue());
        assertThat(gateway.inode("/report.txt").isDirty()).isTrue();

        gateway.controller.away(false);
        assertThat(writeBack.migrateDueFiles()).isEqualTo(1);
        assertThat(gateway.inode("/report.txt").isDirty()).isFalse();
    }
}
