package io.tapelib.controller.jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapelib.controller.config.FixedTapeSettings;
import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With two drives, recalls of two cartridges run at the same time, one on each drive. */
class ParallelRecallTest {

    @TempDir
    Path dir;

    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();
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

    @Test
    void twoCartridgesAreReadOnTwoDrivesAtOnceThoughBothDrivesHoldOtherCartridges() throws Exception {
        library = VirtualLibrary.open(dir.resolve("library"), VirtualLibraryConfig.msl4048().withDrives(2)
                .withCartridgeCapacityBytes(64L << 20).withTimeScale(0));
        scheduler = new DriveScheduler(new LibraryDevices("virtual", library.changer(), library.drives()), jobs,
                new SimpleMeterRegistry(), FixedTapeSettings.virtual(dir.resolve("trees"), Duration.ofMinutes(5)));
        String a = VirtualLibraryConfig.dataVolumeTag(1);
        String b = VirtualLibraryConfig.dataVolumeTag(2);
        IndexEntry onA = migrate(a);
        IndexEntry onB = migrate(b);
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        scheduler.unload(1, 0).get(1, TimeUnit.MINUTES);
        // both drives idle, each holding a cartridge the recalls do not need
        scheduler.load(0, VirtualLibraryConfig.dataVolumeTag(3), 0).get(1, TimeUnit.MINUTES);
        scheduler.load(1, VirtualLibraryConfig.dataVolumeTag(4), 0).get(1, TimeUnit.MINUTES);

        // each recall's first chunk waits until the other's arrived too: on one drive they could not meet
        CountDownLatch bothReading = new CountDownLatch(2);
        Map<String, Boolean> met = new ConcurrentHashMap<>();
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Void> recallA = CompletableFuture.supplyAsync(() -> recall(a, onA, together, bothReading, met))
                .thenCompose(f -> f);
        CompletableFuture<Void> recallB = CompletableFuture.supplyAsync(() -> recall(b, onB, together, bothReading, met))
                .thenCompose(f -> f);
        CompletableFuture.allOf(recallA, recallB).get(2, TimeUnit.MINUTES);

        assertThat(met).containsEntry(a, true).containsEntry(b, true);
        List<JobRecord> recalls = jobs.newestFirst(100).stream().filter(j -> j.type() == JobType.RECALL).toList();
        assertThat(recalls).extracting(JobRecord::drive).containsExactlyInAnyOrder(0, 1);
        assertThat(recalls).allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.SUCCEEDED));
    }

    @Test
    void twoChoicesMadeBeforeEitherWorkIsSubmittedTakeTwoIdleDrives() throws Exception {
        library = VirtualLibrary.open(dir.resolve("library"), VirtualLibraryConfig.msl4048().withDrives(2).withTimeScale(0));
        DriveQueues drives = new DriveQueues(Map.of(0, library.drives().get(0), 1, library.drives().get(1)));
        // both drives idle, assigned other cartridges
        drives.submit(drives.drive(0), "X", JobHandle.NONE, () -> null).get(1, TimeUnit.MINUTES);
        drives.submit(drives.drive(1), "Y", JobHandle.NONE, () -> null).get(1, TimeUnit.MINUTES);

        DriveContext forA = drives.choose("A");
        DriveContext forB = drives.choose("B");

        assertThat(forA.index).isNotEqualTo(forB.index);
        drives.submitChosen(forA, "A", JobHandle.NONE, () -> null).get(1, TimeUnit.MINUTES);
        drives.submitChosen(forB, "B", JobHandle.NONE, () -> null).get(1, TimeUnit.MINUTES);
        assertThat(drives.all()).allSatisfy(d -> assertThat(d.pending).as("reservations taken over").isZero());
    }

    private CompletableFuture<Void> recall(String tag, IndexEntry entry, CyclicBarrier together,
                                           CountDownLatch bothReading, Map<String, Boolean> met) {
        try {
            together.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return scheduler.recall(tag, List.of(new RecallItem(1, entry.length(), entry.extents())), new RecallSink() {
            @Override
            public void chunk(long fileId, long fileOffset, byte[] buffer, int offset, int length) {
                if (!met.containsKey(tag)) {
                    bothReading.countDown();
                    try {
                        met.put(tag, bothReading.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        met.put(tag, false);
                    }
                }
            }

            @Override
            public void fileDone(long fileId) {
            }
        });
    }

    private IndexEntry migrate(String tag) throws Exception {
        Instant now = Instant.now();
        byte[] data = new byte[100_000];
        IncomingFile file = new IncomingFile(1, new FileMetadata("f-" + tag, EntryKind.FILE, 0644, 0, 0, now, now, now,
                now, null), data.length, new ByteArrayInputStream(data));
        Optional<IncomingFile>[] next = new Optional[] {Optional.of(file)};
        MigrationResult result = scheduler.migrate(Optional.of(tag), () -> {
            Optional<IncomingFile> current = next[0];
            next[0] = Optional.empty();
            return current;
        }).get(1, TimeUnit.MINUTES);
        return result.files().get(0).entry();
    }
}
