package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.namespace.CatalogNamespace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WriteBack with several drives: batches at once, each to its own cartridge, and a directory kept on one cartridge. */
class WriteBackParallelTest {
    private static final byte[] CONTENT = "measurement\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private CatalogNamespace namespace;
    private WriteBack writeBack;

    @BeforeEach
    void open() {
        gateway = new TieringFixture(dir, Duration.ofSeconds(5));
        namespace = gateway.namespaceWithNothingOffline();
        gateway.controller.volume("TAPE01L6", 10_000_000).volume("TAPE02L6", 10_000_000)
                .volume("TAPE03L6", 10_000_000);
        gateway.controller.drives(2);
        writeBack = gateway.writeBack(new PendingClaims());
    }

    @AfterEach
    void close() {
        writeBack.stop();
        gateway.close();
    }

    private void writeDirectories(String... names) {
        for (String name : names) {
            if (gateway.catalog.resolve("/" + name).isEmpty()) {
                namespace.mkdir("/" + name, 0755, 1000, 1000);
            }
        }
        for (int i = 0; i < 3; i++) {
            for (String name : names) {
                gateway.writeFile("/" + name + "/" + name + "-" + i + "-" + gateway.clock.instant().toEpochMilli(),
                        CONTENT);
            }
        }
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
    }

    /** The volume tags holding the files of a directory. */
    private Set<String> tapesOf(String directory) {
        Set<String> tapes = new HashSet<>();
        long id = gateway.inode(directory).id();
        gateway.catalog.children(id)
                .forEach(child -> tapes.addAll(gateway.catalog.copies().currentVolumes(child.id())));
        return tapes;
    }

    /** Makes every Migrate call wait until {@code parties} calls are in flight at once (5 s at most, else it fails). */
    private void requireAtOnce(int parties) {
        CyclicBarrier barrier = new CyclicBarrier(parties);
        gateway.controller.duringMigrate(files -> {
            try {
                barrier.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("the Migrate calls did not run at once", e);
            }
        });
    }

    @Test
    void twoDirectoriesGoAtOnceOnTwoDrivesEachWholeToItsOwnCartridge() {
        writeDirectories("alpha", "beta");
        requireAtOnce(2);

        assertThat(writeBack.migrateDueFiles()).as("3 files and the new directory, twice").isEqualTo(8);

        assertThat(gateway.controller.migrations).hasSize(2);
        assertThat(gateway.controller.writtenTags).doesNotHaveDuplicates();
        assertThat(tapesOf("/alpha")).hasSize(1);
        assertThat(tapesOf("/beta")).hasSize(1);
        assertThat(tapesOf("/alpha")).doesNotContainAnyElementsOf(tapesOf("/beta"));
    }

    @Test
    void aDirectorysNewFilesGoToTheCartridgeItsFilesAreOnAndBatchesAtOnceNameDifferentOnes() {
        writeDirectories("alpha", "beta");
        requireAtOnce(2);
        writeBack.migrateDueFiles();
        Set<String> alphaTape = tapesOf("/alpha");
        Set<String> betaTape = tapesOf("/beta");

        writeDirectories("alpha", "beta");
        assertThat(writeBack.migrateDueFiles()).isEqualTo(6);

        assertThat(gateway.controller.preferredTags.subList(2, 4))
                .containsExactlyInAnyOrder(alphaTape.iterator().next(), betaTape.iterator().next());
        assertThat(tapesOf("/alpha")).isEqualTo(alphaTape);
        assertThat(tapesOf("/beta")).isEqualTo(betaTape);
        assertThat(gateway.catalog.copies().dirtyFiles(gateway.clock.instant())).isEmpty();
    }

    @Test
    void aDirectoryWhoseCartridgeHasNoRoomLeftGoesWhereTheControllerChooses() {
        gateway.controller.drives(1);
        writeDirectories("alpha");
        writeBack.migrateDueFiles();
        assertThat(tapesOf("/alpha")).containsExactly("TAPE01L6");
        VolumeRecord tape = gateway.catalog.volume("TAPE01L6").orElseThrow();
        gateway.catalog.upsertVolume(new VolumeRecord(tape.volumeTag(), tape.uuid(), tape.state(), tape.generation(),
                tape.capacityBytes(), 3 * CONTENT.length, tape.blockSize(), tape.lastIndexed()));

        writeDirectories("alpha");
        writeBack.migrateDueFiles();

        assertThat(gateway.controller.preferredTags).as("3 files fit, their blocks and index do not")
                .containsExactly("", "");
        assertThat(gateway.catalog.copies().dirtyFiles(gateway.clock.instant())).isEmpty();
    }

    @Test
    void aHomeThatFillsDuringTheBatchSendsTheRestAtOnceWhereTheControllerChooses() {
        gateway.controller.drives(1);
        writeDirectories("alpha");
        writeBack.migrateDueFiles();
        gateway.controller.write("TAPE01L6", new byte[10_000_000 - 50_000]);

        writeDirectories("alpha");
        assertThat(writeBack.migrateDueFiles()).isEqualTo(3);

        assertThat(gateway.controller.preferredTags).containsExactly("", "TAPE01L6", "");
        assertThat(tapesOf("/alpha")).containsExactlyInAnyOrder("TAPE01L6", "TAPE02L6");
    }

    @Test
    void aCartridgeThatRefusesABatchForGoodIsNoDirectorysHomeAnyMore() {
        gateway.controller.drives(1);
        writeDirectories("alpha");
        writeBack.migrateDueFiles();
        String home = tapesOf("/alpha").iterator().next();
        writeDirectories("alpha");
        gateway.controller.duringMigrate(files -> {
            if (gateway.controller.preferredTags.get(gateway.controller.preferredTags.size() - 1).equals(home)) {
                throw new ControllerUnavailableException("FAILED_PRECONDITION", home + " is write-protected", null);
            }
        });

        assertThatThrownBy(writeBack::migrateDueFiles).hasMessageContaining("write-protected");
        assertThat(writeBack.migrateDueFiles()).isEqualTo(3);

        assertThat(gateway.controller.preferredTags).containsExactly("", home, "");
        assertThat(gateway.catalog.copies().dirtyFiles(gateway.clock.instant())).isEmpty();
    }

    @Test
    void aNewSubdirectoryGoesToItsParentsCartridge() {
        writeDirectories("alpha", "beta");
        requireAtOnce(2);
        writeBack.migrateDueFiles();
        String alphaTape = tapesOf("/alpha").iterator().next();
        gateway.controller.duringMigrate(files -> { });
        namespace.mkdir("/alpha/sub", 0755, 1000, 1000);
        gateway.writeFile("/alpha/sub/late.txt", CONTENT);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));

        writeBack.migrateDueFiles();

        assertThat(gateway.controller.preferredTags).last().isEqualTo(alphaTape);
        assertThat(tapesOf("/alpha/sub")).containsExactly(alphaTape);
    }

    @Test
    void oneDriveSendsOneBatchAtATimeWithEveryDirectoryInIt() {
        gateway.controller.drives(1);
        writeDirectories("alpha", "beta");

        assertThat(writeBack.migrateDueFiles()).isEqualTo(8);

        assertThat(gateway.controller.migrations).hasSize(1);
    }

    @Test
    void aBatchThatFailsDoesNotStopTheOtherAndTheRoundThenFails() {
        writeDirectories("alpha", "beta");
        CyclicBarrier barrier = new CyclicBarrier(2);
        gateway.controller.duringMigrate(files -> {
            try {
                barrier.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException(e);
            }
            if (files.stream().map(MigrationSource::path).anyMatch(path -> path.startsWith("alpha/"))) {
                throw new ControllerUnavailableException("INTERNAL", "drive 0 failed", null);
            }
        });

        assertThatThrownBy(writeBack::migrateDueFiles).isInstanceOf(ControllerUnavailableException.class)
                .hasMessageContaining("drive 0 failed");

        assertThat(gateway.controller.migrations).hasSize(2);
        for (var child : gateway.catalog.children(gateway.inode("/beta").id())) {
            assertThat(child.isDirty()).as(child.name()).isFalse();
        }
        for (var child : gateway.catalog.children(gateway.inode("/alpha").id())) {
            assertThat(child.isDirty()).as(child.name()).isTrue();
        }
    }

    @Test
    void stopCancelsTheBatchesInFlightWithinItsBoundAndTheirFilesStayDirty() {
        writeDirectories("alpha", "beta");
        CountDownLatch never = new CountDownLatch(1);
        gateway.controller.duringMigrate(files -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ControllerUnavailableException("CANCELLED", "Migrate interrupted", e);
            }
        });
        writeBack.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.controller.migrations.size() == 2);

        long started = System.nanoTime();
        writeBack.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WriteBack.STOP_BOUND);
        assertThat(gateway.catalog.copies().dirtyFiles(gateway.clock.instant())).hasSize(8);
        assertThat(gateway.controller.writtenTags).isEmpty();
    }

    @Test
    void theShareOfARoundPerDriveKeepsDirectoriesWholeAndSmallWorkOnOneDrive() {
        List<io.tapelib.gateway.catalog.Inode> due = List.of(RejectedFilesTest.file(1, 100, 0),
                RejectedFilesTest.file(2, 100, 0));
        assertThat(MigrationQueue.shareBytes(due, 1, 0, 1000)).isEqualTo(1000);
        assertThat(MigrationQueue.shareBytes(due, 2, 0, 1000)).as("one directory of 200 bytes goes whole")
                .isEqualTo(200);
        assertThat(MigrationQueue.shareBytes(due, 2, 500, 1000)).as("less is not worth a second load").isEqualTo(500);
        assertThat(MigrationQueue.shareBytes(due, 2, 5000, 1000)).isEqualTo(1000);
    }
}
