package io.tapelib.controller.jobs;

import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.virtual.VirtualTapeDrive;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.LtfsFormatOptions;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.LtfsVolumes;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.jobs.MigrationBatches.BatchSource;
import io.tapelib.controller.jobs.MigrationBatches.CountingData;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.tapelib.controller.jobs.MigrationBatches.IGNORE_INDEX;
import static io.tapelib.controller.jobs.MigrationBatches.MIB;
import static io.tapelib.controller.jobs.MigrationBatches.file;
import static io.tapelib.controller.jobs.MigrationBatches.metadata;
import static io.tapelib.controller.jobs.MigrationBatches.pathsOnTape;
import static io.tapelib.controller.jobs.MigrationBatches.smallLibrary;

/**
 * The scheduler's mounts against small virtual cartridges: volumes announced with their index generation, the
 * write-protect tab read at a load, the final index before a cartridge leaves its drive, recovery of volumes left
 * inconsistent, and cartridges left read-only.
 */
class DriveSchedulerMountTest {

    @TempDir
    Path dir;

    @AutoClose
    private VirtualScheduler rig;
    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();

    private void open(int drives) throws IOException {
        rig = VirtualScheduler.open(dir, smallLibrary(drives), jobs);
        library = rig.library();
        scheduler = rig.scheduler();
    }

    @Test
    void aJobThatMountsAVolumeAnnouncesItWithItsIndexGeneration() throws Exception {
        open(1);
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        scheduler.migrate(Optional.of(tag), new BatchSource(List.of(file(1, "a", MIB)))).get(1, TimeUnit.MINUTES);
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        List<VolumeSummary> mounted = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (AutoCloseable listening = jobs.listenMounts(mounted::add)) {
            scheduler.readIndex(tag, IGNORE_INDEX).get(1, TimeUnit.MINUTES);
            // mounted once: a second job on the loaded cartridge reads no index and announces nothing
            scheduler.readIndex(tag, IGNORE_INDEX).get(1, TimeUnit.MINUTES);
        }

        assertThat(mounted).singleElement().satisfies(volume -> {
            assertThat(volume.volumeTag()).isEqualTo(tag);
            assertThat(volume.generation()).as("format, then the batch").isEqualTo(2);
            assertThat(volume.volumeUuid()).isNotBlank();
        });
    }

    @Test
    void aKnownCartridgeLoadedWithItsTabSlidIsAnnouncedAtTheLoadWithoutAnIndexRead() throws Exception {
        open(1);
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        scheduler.migrate(Optional.of(tag), new BatchSource(List.of(file(1, "a", MIB)))).get(1, TimeUnit.MINUTES);
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        List<VolumeSummary> mounted = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (AutoCloseable listening = jobs.listenMounts(mounted::add)) {
            library.setWriteProtected(tag, true);   // slid while the cartridge is in its slot
            scheduler.load(0, tag, 0).get(1, TimeUnit.MINUTES);
            scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
            scheduler.load(0, tag, 0).get(1, TimeUnit.MINUTES);   // the tab as last announced: nothing new
            scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
            library.setWriteProtected(tag, false);
            scheduler.load(0, tag, 0).get(1, TimeUnit.MINUTES);
        }

        // announced at the loads that found the tab changed, and only then (a load mounts nothing: no index read)
        assertThat(mounted).extracting(VolumeSummary::writeProtected).containsExactly(true, false);
        assertThat(mounted).allSatisfy(volume -> {
            assertThat(volume.volumeTag()).isEqualTo(tag);
            assertThat(volume.generation()).as("the generation written by the batch: nothing to index again")
                    .isEqualTo(2);
        });
    }

    @Test
    void aFailedFinalIndexWriteKeepsTheCartridgeInTheDriveUntilTheIndexIsOnTape() throws Exception {
        open(1);
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        scheduler.migrate(Optional.of(tag), new BatchSource(List.of(file(1, "a", MIB)))).get(1, TimeUnit.MINUTES);
        scheduler.onVolume(tag, null, (volume, job) -> volume.mount().writeFile(metadata("unindexed", EntryKind.FILE),
                new CountingData(MIB), MIB)).get(1, TimeUnit.MINUTES);
        VirtualTapeDrive drive = (VirtualTapeDrive) library.drives().get(0);
        // the unmount's index construct starts with a filemark; the power goes as its first block is written
        drive.losePowerAfter(1);

        assertThatThrownBy(() -> scheduler.unload(0, 0).get(1, TimeUnit.MINUTES))
                .hasMessageContaining("lost power");

        assertThat(scheduler.inventory().dataTransfer().get(0).volumeTag()).contains(tag);
        assertThat(jobs.newestFirst(1).get(0)).satisfies(job -> {
            assertThat(job.type()).isEqualTo(JobType.UNLOAD);
            assertThat(job.state()).isEqualTo(JobState.FAILED);
        });
        drive.restorePower();

        JobRecord unloaded = scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);

        assertThat(unloaded.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(scheduler.inventory().storage().get(0).volumeTag()).contains(tag);
        boolean consistent = scheduler.onVolume(tag, null, (volume, job) -> volume.mount().consistency().consistent())
                .get(1, TimeUnit.MINUTES);
        assertThat(consistent).isTrue();
        assertThat(pathsOnTape(scheduler, tag)).containsExactlyInAnyOrder("a", "unindexed");
    }

    @Test
    void anInconsistentVolumeThisServiceWroteIsRecoveredAtItsFirstMountAndTakesWritesWithoutAnOperator()
            throws Exception {
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        try (VirtualLibrary crashed = smallLibrary(dir, 1)) {
            crashAfterUnindexedData(crashed, tag);
        }
        open(1);

        List<String> listed = new ArrayList<>();
        scheduler.readIndex(tag, new IndexSink() {
            @Override
            public void volume(VolumeSummary volume) {
                assertThat(volume.detail()).as("recovered at mount: not read-only").isEmpty();
            }

            @Override
            public void entry(IndexEntry entry) {
                listed.add(entry.path());
            }
        }).get(1, TimeUnit.MINUTES);
        assertThat(listed).as("the root first").containsExactly("", "kept");
        MigrationResult written = scheduler.migrate(Optional.of(tag), new BatchSource(List.of(file(1, "x", MIB))))
                .get(1, TimeUnit.MINUTES);
        assertThat(written.files()).extracting(MigratedFile::fileId).containsExactly(1L);
        assertThat(pathsOnTape(scheduler, tag)).containsExactlyInAnyOrder("kept", "x");

        JobRecord recovered = scheduler.recover(tag).get(1, TimeUnit.MINUTES);

        assertThat(recovered.type()).isEqualTo(JobType.RECOVER);
        assertThat(recovered.state()).as("nothing left to recover").isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void recoverOfAnUnknownTagOrABlankCartridgeIsRefused() throws Exception {
        open(1);

        assertThatThrownBy(() -> scheduler.recover("XX9999L5").get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(VolumeNotFoundException.class);
        assertThatThrownBy(() -> scheduler.recover(VirtualLibraryConfig.dataVolumeTag(2)).get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(UnsupportedVolumeException.class);
    }

    @Test
    void recoverOfAWriteProtectedCartridgeIsRefusedAndWritesNothing() throws Exception {
        String tag = crashedWriteProtectedVolume();

        assertThatThrownBy(() -> scheduler.recover(tag).get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(WriteProtectedException.class)
                .hasMessageContaining("write protected");

        String detail = scheduler.onVolume(tag, null, (volume, job) -> {
            volume.unmount();
            return volume.mount().consistency().summary();
        }).get(1, TimeUnit.MINUTES);
        assertThat(detail).contains("inconsistent", "unindexed");
    }

    @Test
    void aCartridgeLeftReadOnlyAtMountIsWarnedOnceThoughALaterJobLoadsItAgain() throws Exception {
        String tag = crashedWriteProtectedVolume();
        List<LogRecord> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    synchronized (warnings) {
                        warnings.add(record);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger category = java.util.logging.Logger.getLogger(LtfsVolume.class.getName());
        category.addHandler(handler);
        try {
            // two jobs with an unload between them: the cartridge is loaded and mounted twice
            for (int mount = 0; mount < 2; mount++) {
                assertThat(scheduler.onVolume(tag, null, (volume, job) -> volume.mount().readOnly())
                        .get(1, TimeUnit.MINUTES)).as("left read-only").isTrue();
                scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
            }
        } finally {
            category.removeHandler(handler);
        }

        assertThat(jobs.newestFirst(100)).filteredOn(j -> j.type() == JobType.LOAD).as("loaded twice").hasSize(2);
        synchronized (warnings) {
            assertThat(warnings).extracting(LogRecord::getMessage)
                    .filteredOn(m -> m.contains(tag) && m.contains("not recovered automatically"))
                    .as("one warning for the cartridge, not one per mount").hasSize(1);
        }
    }

    /** One drive; {@link #crashAfterUnindexedData} on the first data cartridge, write protected; the scheduler started. */
    private String crashedWriteProtectedVolume() throws IOException {
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        try (VirtualLibrary crashed = smallLibrary(dir, 1)) {
            crashAfterUnindexedData(crashed, tag);
            crashed.setWriteProtected(tag, true);
        }
        open(1);
        return tag;
    }

    /**
     * Before the scheduler opens the library (in a process that is gone by then, as after a restart): a volume whose
     * index names "kept", then data of a file and the power lost.
     */
    private static void crashAfterUnindexedData(VirtualLibrary library, String tag) {
        library.changer().load(1, 0);
        VirtualTapeDrive drive = (VirtualTapeDrive) library.drives().get(0);
        drive.load();
        LtfsVolume volume = LtfsVolumes.format(drive, tag, new LtfsFormatOptions(64 * 1024, 4 * MIB));
        volume.writeFile(metadata("kept", EntryKind.FILE), new CountingData(MIB), MIB);
        volume.unmount();
        volume = LtfsVolumes.mount(drive, tag);
        drive.losePowerAfter(3);
        LtfsVolume crashing = volume;
        assertThatThrownBy(() -> crashing.writeFile(metadata("lost", EntryKind.FILE), new CountingData(MIB), MIB))
                .hasMessageContaining("lost power");
        drive.restorePower();
        drive.unload();
        library.changer().unload(0, 1);
    }
}
