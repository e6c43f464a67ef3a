package io.tapelib.controller.jobs;

import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.LtfsVolumes;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.jobs.MigrationBatches.BatchSource;
import io.tapelib.controller.jobs.MigrationBatches.CutOffData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static io.tapelib.controller.jobs.MigrationBatches.CARTRIDGE_BYTES;
import static io.tapelib.controller.jobs.MigrationBatches.MIB;
import static io.tapelib.controller.jobs.MigrationBatches.directory;
import static io.tapelib.controller.jobs.MigrationBatches.file;
import static io.tapelib.controller.jobs.MigrationBatches.metadata;
import static io.tapelib.controller.jobs.MigrationBatches.pathsOnTape;
import static io.tapelib.controller.jobs.MigrationBatches.smallLibrary;

/** The scheduler's migrate path, queueing and shutdown against small virtual cartridges. */
class DriveSchedulerTest {

    @TempDir
    Path dir;

    /** Closed after {@link #release()}, which frees the work the scheduler's shutdown waits for. */
    @AutoClose
    private VirtualScheduler rig;
    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();

    /** Every test's blocked work waits on this; released at the end even when an assertion failed. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() {
        release.countDown();
    }

    private void open(int drives) throws IOException {
        open(drives, Duration.ofMinutes(5));
    }

    private void open(int drives, Duration indexSyncInterval) throws IOException {
        rig = VirtualScheduler.open(dir, smallLibrary(drives), jobs, indexSyncInterval);
        library = rig.library();
        scheduler = rig.scheduler();
    }

    @Test
    void aBatchWritesOneIndexAtItsEndWhileTheSyncIntervalHasNotPassed() throws Exception {
        open(1);

        MigrationResult result = scheduler.migrate(Optional.empty(), new BatchSource(List.of(
                file(1, "a", MIB), file(2, "b", MIB), file(3, "c", MIB)))).get(1, TimeUnit.MINUTES);

        // generation 1 from the format, generation 2 naming the whole batch
        assertThat(result.volume().orElseThrow().generation()).isEqualTo(2);
        assertThat(pathsOnTape(scheduler, result.volume().orElseThrow().volumeTag())).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aBatchLongerThanTheSyncIntervalWritesAnIndexWhenTheIntervalHasPassed() throws Exception {
        open(1, Duration.ZERO);

        MigrationResult result = scheduler.migrate(Optional.empty(), new BatchSource(List.of(
                file(1, "a", MIB), file(2, "b", MIB), file(3, "c", MIB)))).get(1, TimeUnit.MINUTES);

        // an interval of 0 has always passed: generation 1 from the format, then an index after each of the three
        // files, and none more at the end of the batch (nothing changed since the last)
        assertThat(result.volume().orElseThrow().generation()).isEqualTo(4);
        assertThat(pathsOnTape(scheduler, result.volume().orElseThrow().volumeTag())).containsExactlyInAnyOrder("a", "b", "c");
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
        assertThat(pathsOnTape(scheduler, result.volume().orElseThrow().volumeTag())).contains("docs", "docs/a", "b")
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
        assertThat(pathsOnTape(scheduler, result.volume().orElseThrow().volumeTag())).containsExactlyInAnyOrderElementsOf(written);
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
}
