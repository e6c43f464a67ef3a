package io.tapelib.controller.jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.config.FixedTapeSettings;
import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.virtual.VirtualTapeDrive;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.LtfsFormatOptions;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.LtfsVolumes;
import io.tapelib.controller.ltfs.ReadOnlyVolumeException;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The scheduler's migrate path, queueing and shutdown against small virtual cartridges. */
class DriveSchedulerTest {

    private static final long MIB = 1024 * 1024;
    private static final long CARTRIDGE_BYTES = 64 * MIB;

    @TempDir
    Path dir;

    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();

    /** Every test's blocked work waits on this; released at the end even when an assertion failed. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        if (scheduler != null) {
            scheduler.shutdown();
        }
        if (library != null) {
            library.close();
        }
    }

    private void open(int drives) throws IOException {
        open(drives, Duration.ofMinutes(5));
    }

    private void open(int drives, Duration indexSyncInterval) throws IOException {
        openLibrary(drives);
        startScheduler(indexSyncInterval);
    }

    private void openLibrary(int drives) throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"), VirtualLibraryConfig.msl4048().withDrives(drives)
                .withCartridgeCapacityBytes(CARTRIDGE_BYTES).withEarlyWarningBytes(MIB).withTimeScale(0));
    }

    private void startScheduler(Duration indexSyncInterval) {
        scheduler = new DriveScheduler(new LibraryDevices("virtual", library.changer(), library.drives()), jobs,
                new SimpleMeterRegistry(), FixedTapeSettings.virtual(Path.of("target"), indexSyncInterval));
    }

    @Test
    void aBatchWritesOneIndexAtItsEndWhileTheSyncIntervalHasNotPassed() throws Exception {
        open(1);

        MigrationResult result = scheduler.migrate(Optional.empty(), new BatchSource(List.of(
                file(1, "a", MIB), file(2, "b", MIB), file(3, "c", MIB)))).get(1, TimeUnit.MINUTES);

        // generation 1 from the format, generation 2 naming the whole batch
        assertThat(result.volume().orElseThrow().generation()).isEqualTo(2);
        assertThat(pathsOnTape(result.volume().orElseThrow().volumeTag())).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aJobThatMountsAVolumeAnnouncesItWithItsIndexGeneration() throws Exception {
        open(1);
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        scheduler.migrate(Optional.of(tag), new BatchSource(List.of(file(1, "a", MIB)))).get(1, TimeUnit.MINUTES);
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        List<VolumeSummary> mounted = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (AutoCloseable listening = jobs.listenMounts(mounted::add)) {
            scheduler.readIndex(tag, new IndexSink() {
                @Override
                public void volume(VolumeSummary volume) {
                }

                @Override
                public void entry(IndexEntry entry) {
                }
            }).get(1, TimeUnit.MINUTES);
            // mounted once: a second job on the loaded cartridge reads no index and announces nothing
            scheduler.readIndex(tag, new IndexSink() {
                @Override
                public void volume(VolumeSummary volume) {
                }

                @Override
                public void entry(IndexEntry entry) {
                }
            }).get(1, TimeUnit.MINUTES);
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
    void aBatchLongerThanTheSyncIntervalWritesAnIndexWhenTheIntervalHasPassed() throws Exception {
        open(1, Duration.ZERO);

        MigrationResult result = scheduler.migrate(Optional.empty(), new BatchSource(List.of(
                file(1, "a", MIB), file(2, "b", MIB), file(3, "c", MIB)))).get(1, TimeUnit.MINUTES);

        // an interval of 0 has always passed: generation 1 from the format, then an index after each of the three
        // files, and none more at the end of the batch (nothing changed since the last)
        assertThat(result.volume().orElseThrow().generation()).isEqualTo(4);
        assertThat(pathsOnTape(result.volume().orElseThrow().volumeTag())).containsExactlyInAnyOrder("a", "b", "c");
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
        assertThat(pathsOnTape(tag)).containsExactlyInAnyOrder("a", "unindexed");
    }

    @Test
    void anInconsistentVolumeThisServiceWroteIsRecoveredAtItsFirstMountAndTakesWritesWithoutAnOperator()
            throws Exception {
        openLibrary(1);
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        crashAfterUnindexedData(tag);
        startScheduler(Duration.ofMinutes(5));

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
        assertThat(pathsOnTape(tag)).containsExactlyInAnyOrder("kept", "x");

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
        openLibrary(1);
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        crashAfterUnindexedData(tag);
        library.setWriteProtected(tag, true);
        startScheduler(Duration.ofMinutes(5));
        return tag;
    }

    /** Before the scheduler starts: a volume whose index names "kept", then data of a file and the power lost. */
    private void crashAfterUnindexedData(String tag) {
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

    @Test
    void filesTheVolumeCannotTakeAreRejectedAloneAndTheRestIsWritten() throws Exception {
        open(1);
        String longName = "n".repeat(300);
        BatchSource batch = new BatchSource(List.of(
                directory(1, "docs"),
                file(2, "docs/a", 3 * MIB),
                file(3, "docs", 2 * MIB),
                file(4, "big", CARTRIDGE_BYTES + MIB),
                file(5, longName, MIB),
                file(6, "neg", -5),
                file(7, "b", 2 * MIB)));

        MigrationResult result = scheduler.migrate(Optional.empty(), batch).get(1, TimeUnit.MINUTES);

        assertThat(result.files()).extracting(MigratedFile::fileId).containsExactly(1L, 2L, 7L);
        assertThat(result.rejected()).extracting(RejectedFile::fileId, RejectedFile::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, RejectReason.PATH_CONFLICT),
                org.assertj.core.groups.Tuple.tuple(4L, RejectReason.TOO_LARGE),
                org.assertj.core.groups.Tuple.tuple(5L, RejectReason.INVALID),
                org.assertj.core.groups.Tuple.tuple(6L, RejectReason.INVALID));
        assertThat(result.rejected().get(0).detail()).contains("a directory exists there");
        assertThat(result.rejected().get(1).detail()).contains("never spans tapes");
        assertThat(result.rejected().get(2).detail()).contains("300 bytes");
        assertThat(result.volumeFull()).isFalse();
        assertThat(batch.allDataRead()).isTrue();
        assertThat(pathsOnTape(result.volume().orElseThrow().volumeTag())).contains("docs", "docs/a", "b")
                .doesNotContain("big", longName, "neg");
    }

    @Test
    void aFullVolumeAnswersTheFilesWrittenWithTheirIndexAndLeavesTheRest() throws Exception {
        open(1);
        List<IncomingFile> files = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            files.add(file(i, "f" + i, 20 * MIB));
        }
        BatchSource batch = new BatchSource(files);

        MigrationResult result = scheduler.migrate(Optional.empty(), batch).get(1, TimeUnit.MINUTES);

        assertThat(result.volumeFull()).isTrue();
        assertThat(result.rejected()).isEmpty();
        assertThat(result.files()).isNotEmpty().hasSizeLessThan(6);
        assertThat(batch.allDataRead()).isTrue();
        List<String> written = result.files().stream().map(f -> f.entry().path()).toList();
        // the index naming them is on tape: a fresh read of the volume lists exactly those files
        assertThat(pathsOnTape(result.volume().orElseThrow().volumeTag())).containsExactlyInAnyOrderElementsOf(written);
        assertThat(result.volume().orElseThrow().generation()).isGreaterThan(1);
    }

    @Test
    void aBatchNoTapeCanTakeIsAnsweredWithItsRejections() throws Exception {
        open(1);
        MigrationResult result = scheduler.migrate(Optional.empty(),
                new BatchSource(List.of(file(9, "huge", 2 * CARTRIDGE_BYTES)))).get(1, TimeUnit.MINUTES);

        assertThat(result.files()).isEmpty();
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TOO_LARGE);
            assertThat(r.path()).isEqualTo("huge");
        });
    }

    @Test
    void aRefusedSubmissionFailsItsJob() throws Exception {
        open(1);
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        CompletableFuture<Void> blocker = scheduler.onVolume(tag, JobType.INDEX, (volume, job) -> {
            release.await();
            return null;
        });
        await().atMost(30, TimeUnit.SECONDS).until(() -> jobs.newestFirst(0).stream()
                .anyMatch(j -> j.type() == JobType.INDEX && j.state() == JobState.RUNNING));
        List<CompletableFuture<Object>> queued = new ArrayList<>();
        for (int i = 0; i < DriveContext.QUEUE_CAPACITY; i++) {
            queued.add(scheduler.onVolume(tag, JobType.INDEX, (volume, job) -> null));
        }

        CompletableFuture<Object> refused = scheduler.onVolume(tag, JobType.INDEX, (volume, job) -> null);

        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DeviceBusyException.class);
        JobRecord newest = jobs.newestFirst(1).get(0);
        assertThat(newest.state()).isEqualTo(JobState.FAILED);
        assertThat(newest.error()).hasValueSatisfying(e -> assertThat(e).contains("try again later"));
        release.countDown();
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        blocker.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shutdownFailsQueuedWorkAndThenWritesTheFinalIndex() throws Exception {
        open(1);
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        CompletableFuture<MigrationResult> running = scheduler.onVolume(tag, JobType.MIGRATE, (volume, job) -> {
            volume.mountOrFormat().writeEntry(metadata("kept", EntryKind.DIRECTORY));
            release.await();
            return null;
        });
        await().atMost(30, TimeUnit.SECONDS).until(() -> jobs.newestFirst(0).stream()
                .anyMatch(j -> j.type() == JobType.MIGRATE && j.state() == JobState.RUNNING));
        AtomicBoolean queuedRan = new AtomicBoolean();
        CompletableFuture<Object> queued = scheduler.onVolume(tag, JobType.INDEX, (volume, job) -> {
            queuedRan.set(true);
            return null;
        });

        Thread stopper = new Thread(scheduler::shutdown);
        stopper.start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> scheduler.async(() -> 1).isCompletedExceptionally());
        release.countDown();
        stopper.join(TimeUnit.MINUTES.toMillis(1));
        scheduler = null;

        assertThat(running).succeedsWithin(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).hasMessageContaining("shutting down");
        assertThat(queuedRan).isFalse();
        // the final unmount wrote an index naming the entry; the queued job never remounted the volume
        assertThat(io.tapelib.controller.ltfs.LtfsVolumes.mount(library.drives().get(0), tag).entry("kept")).isPresent();
    }

    @Test
    void aBatchCutOffInsideAFileWritesTheIndexNamingItsCompleteFilesOverThePartialOne() throws Exception {
        open(1);
        IncomingFile cut = new IncomingFile(2, metadata("b", EntryKind.FILE), 2 * MIB, new CutOffData(MIB + 1234));

        CompletableFuture<MigrationResult> migration = scheduler.migrate(Optional.empty(),
                new BatchSource(List.of(file(1, "a", MIB), cut)));

        assertThatThrownBy(() -> migration.get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(CancellationException.class);
        JobRecord job = jobs.newestFirst(0).stream().filter(j -> j.type() == JobType.MIGRATE).findFirst().orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).hasValueSatisfying(e -> assertThat(e).contains("the client went away"));
        // read as it lies on tape now, before any unmount: the data partition ends with a new index naming "a" (the
        // index partition keeps the format's generation 1 until the unmount, as between any index sync and unmount)
        LtfsVolume onTape = LtfsVolumes.mount(library.drives().get(0), job.volumeTag().orElseThrow());
        assertThat(onTape.generation()).isEqualTo(2);
        assertThat(onTape.consistency().summary()).doesNotContain("unindexed");
        assertThat(onTape.entry("a")).isPresent();
        assertThat(onTape.entry("b")).isEmpty();
    }

    @Test
    void aBatchCutOffInItsFirstFileLeavesTheVolumeEndingWithAnIndex() throws Exception {
        open(1);
        IncomingFile cut = new IncomingFile(1, metadata("a", EntryKind.FILE), 2 * MIB, new CutOffData(MIB + 1234));

        CompletableFuture<MigrationResult> migration = scheduler.migrate(Optional.empty(), new BatchSource(List.of(cut)));

        assertThatThrownBy(() -> migration.get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(CancellationException.class);
        String tag = jobs.newestFirst(0).stream().filter(j -> j.type() == JobType.MIGRATE).findFirst().orElseThrow()
                .volumeTag().orElseThrow();
        assertThat(tapeAfterRemount(tag)).isEmpty();
    }

    @Test
    void workForACartridgeGoesToTheDriveHoldingIt() throws Exception {
        open(2);
        String x = VirtualLibraryConfig.dataVolumeTag(1);
        String y = VirtualLibraryConfig.dataVolumeTag(2);
        String z = VirtualLibraryConfig.dataVolumeTag(3);
        scheduler.load(1, x, 0).get(30, TimeUnit.SECONDS);
        scheduler.load(0, z, 0).get(30, TimeUnit.SECONDS);
        VolumeWork<Integer> wait = (volume, job) -> {
            release.await();
            return volume.drive();
        };
        // drive 1 busy with X, drive 0 busy with Z twice; Y then queues behind X on drive 1
        List<CompletableFuture<Integer>> blockers = List.of(scheduler.onVolume(x, null, wait),
                scheduler.onVolume(z, null, wait), scheduler.onVolume(z, null, wait));
        CompletableFuture<Integer> onY = scheduler.onVolume(y, null, (volume, job) -> volume.drive());

        CompletableFuture<Integer> onX = scheduler.onVolume(x, null, (volume, job) -> volume.drive());
        release.countDown();

        assertThat(blockers.get(0).get(1, TimeUnit.MINUTES)).isEqualTo(1);
        assertThat(onY.get(1, TimeUnit.MINUTES)).isEqualTo(1);
        assertThat(onX.get(1, TimeUnit.MINUTES)).isEqualTo(1);
    }

    private List<String> pathsOnTape(String tag) throws Exception {
        List<String> paths = new ArrayList<>();
        scheduler.onVolume(tag, null, (volume, job) -> {
            volume.unmount();
            try (var entries = volume.mount().entries()) {
                entries.map(IndexEntry::path).forEach(paths::add);
            }
            return null;
        }).get(1, TimeUnit.MINUTES);
        return paths;
    }

    /** The entries on tape after an unmount and a fresh mount, which must find the volume consistent. */
    private List<String> tapeAfterRemount(String tag) throws Exception {
        List<String> paths = new ArrayList<>();
        scheduler.onVolume(tag, null, (volume, job) -> {
            volume.unmount();
            LtfsVolume remounted = volume.mount();
            assertThat(remounted.consistency().consistent()).as(remounted.consistency().summary()).isTrue();
            try (var entries = remounted.entries()) {
                entries.map(IndexEntry::path).filter(p -> !p.isEmpty()).forEach(paths::add);
            }
            return null;
        }).get(1, TimeUnit.MINUTES);
        return paths;
    }

    private static FileMetadata metadata(String path, EntryKind kind) {
        Instant now = Instant.now();
        return new FileMetadata(path, kind, kind == EntryKind.DIRECTORY ? 0755 : 0644, 1000, 1000, now, now, now, now,
                null);
    }

    private static IncomingFile directory(long id, String path) {
        return new IncomingFile(id, metadata(path, EntryKind.DIRECTORY), 0, InputStream.nullInputStream());
    }

    private static IncomingFile file(long id, String path, long length) {
        return new IncomingFile(id, metadata(path, EntryKind.FILE), length, new CountingData(Math.max(0, length)));
    }

    /** {@code length} bytes of a repeating pattern, counting what was read. */
    private static final class CountingData extends InputStream {
        private final long length;
        private long read;

        CountingData(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            return read < length ? (int) (read++ & 0x7f) : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (read >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - read);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) ((read + i) & 0x7f);
            }
            read += n;
            return n;
        }
    }

    /** A file's data whose sender goes away after {@code delivered} bytes, as the gRPC reader reports it. */
    private static final class CutOffData extends InputStream {
        private final CountingData data;
        private final long delivered;
        private long read;

        CutOffData(long delivered) {
            this.data = new CountingData(delivered);
            this.delivered = delivered;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (read >= delivered) {
                throw new CancellationException("the client went away after " + read + " bytes");
            }
            int n = data.read(buffer, offset, count);
            read += n;
            return n;
        }
    }

    /** A batch as the gRPC reader hands it over: what the writer leaves of a file is read and discarded. */
    private static final class BatchSource implements MigrationSource {
        private final List<IncomingFile> files;
        private final Iterator<IncomingFile> next;
        private IncomingFile current;

        BatchSource(List<IncomingFile> files) {
            this.files = files;
            this.next = files.iterator();
        }

        @Override
        public Optional<IncomingFile> nextFile() {
            if (current != null) {
                try {
                    current.data().transferTo(OutputSink.INSTANCE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            current = next.hasNext() ? next.next() : null;
            return Optional.ofNullable(current);
        }

        boolean allDataRead() {
            return !next.hasNext() && files.stream().allMatch(f -> !(f.data() instanceof CountingData c) || c.read == c.length);
        }
    }

    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
