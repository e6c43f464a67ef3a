package io.tapelib.controller.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration batches at once on several drives: each to a volume of its own, in a drive of its own. */
class ParallelMigrationTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @AutoClose
    private VirtualScheduler rig;
    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();
    /** Gated batches wait on this; released at the end even when an assertion failed. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() {
        release.countDown();
    }

    private void open(int drives) throws IOException {
        rig = VirtualScheduler.open(dir, VirtualLibraryConfig.msl4048().withDrives(drives)
                .withCartridgeCapacityBytes(64 * MIB).withEarlyWarningBytes(MIB).withTimeScale(0), jobs);
        library = rig.library();
        scheduler = rig.scheduler();
    }

    private static IncomingFile file(long id, String path) {
        Instant now = Instant.now();
        byte[] data = new byte[4096];
        return new IncomingFile(id, new FileMetadata(path, EntryKind.FILE, 0644, 1000, 1000, now, now, now, now, null),
                data.length, new ByteArrayInputStream(data));
    }

    /** A batch whose files after the first are handed over only once {@code gate} opens. */
    private static MigrationSource batch(CountDownLatch gate, IncomingFile... files) {
        Deque<IncomingFile> waiting = new ArrayDeque<>(List.of(files));
        return new MigrationSource() {
            private IncomingFile current;

            @Override
            public Optional<IncomingFile> nextFile() {
                if (current != null) {
                    try {
                        current.data().readAllBytes(); // what the writer left of the file before, as gRPC's reader
                        if (!gate.await(1, TimeUnit.MINUTES)) {
                            throw new IllegalStateException("the gate stayed shut");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                current = waiting.pollFirst();
                return Optional.ofNullable(current);
            }
        };
    }

    private static MigrationSource batch(IncomingFile... files) {
        CountDownLatch open = new CountDownLatch(0);
        return batch(open, files);
    }

    private List<JobRecord> migrateJobs() {
        return jobs.newestFirst(100).stream().filter(job -> job.type() == JobType.MIGRATE).toList();
    }

    @Test
    void aSecondBatchWithoutAPreferredVolumeGoesToAnotherCartridgeInAnotherDriveWhileTheFirstRuns() throws Exception {
        open(2);
        CompletableFuture<MigrationResult> first = scheduler.migrate(Optional.empty(),
                batch(release, file(1, "a/1"), file(2, "a/2")));
        await().atMost(Duration.ofSeconds(30)).until(() -> migrateJobs().stream()
                .anyMatch(job -> job.state() == JobState.RUNNING && job.bytes() > 0));

        MigrationResult second = scheduler.migrate(Optional.empty(), batch(file(3, "b/1"), file(4, "b/2")))
                .get(30, TimeUnit.SECONDS);

        assertThat(first).as("the first batch still waits for its files").isNotDone();
        release.countDown();
        MigrationResult firstResult = first.get(30, TimeUnit.SECONDS);
        assertThat(second.volume().orElseThrow().volumeTag())
                .isNotEqualTo(firstResult.volume().orElseThrow().volumeTag());
        assertThat(migrateJobs()).hasSize(2).extracting(JobRecord::drive).doesNotHaveDuplicates();
    }

    @Test
    void aBatchWithoutAPreferredVolumeTakesTheVolumeInAnIdleDriveOverOneInABusyDrive() throws Exception {
        open(2);
        String x = VirtualLibraryConfig.dataVolumeTag(1);
        String y = VirtualLibraryConfig.dataVolumeTag(2);
        scheduler.migrate(Optional.of(x), batch(file(1, "x"))).get(30, TimeUnit.SECONDS);
        scheduler.migrate(Optional.of(y), batch(file(2, "y"))).get(30, TimeUnit.SECONDS);
        assertThat(migrateJobs()).extracting(JobRecord::drive).doesNotHaveDuplicates();
        // the drive holding x is busy with other work (a recall, say)
        CompletableFuture<Integer> busy = scheduler.onVolume(x, null, (volume, job) -> {
            release.await();
            return volume.drive();
        });

        MigrationResult result = scheduler.migrate(Optional.empty(), batch(file(3, "z"))).get(30, TimeUnit.SECONDS);

        assertThat(result.volume().orElseThrow().volumeTag()).isEqualTo(y);
        assertThat(busy).isNotDone();
    }

    @Test
    void aBatchWithoutAPreferredVolumeAvoidsTheVolumeAPlacedBatchWritesTo() throws Exception {
        open(2);
        String x = VirtualLibraryConfig.dataVolumeTag(1);
        scheduler.migrate(Optional.of(x), batch(file(1, "x"))).get(30, TimeUnit.SECONDS);
        CompletableFuture<MigrationResult> placed = scheduler.migrate(Optional.of(x),
                batch(release, file(2, "d/1"), file(3, "d/2")));
        await().atMost(Duration.ofSeconds(30)).until(() -> migrateJobs().stream()
                .anyMatch(job -> job.state() == JobState.RUNNING && job.bytes() > 0));

        MigrationResult other = scheduler.migrate(Optional.empty(), batch(file(4, "e/1"))).get(30, TimeUnit.SECONDS);

        assertThat(other.volume().orElseThrow().volumeTag()).isNotEqualTo(x);
        release.countDown();
        assertThat(placed.get(30, TimeUnit.SECONDS).volume().orElseThrow().volumeTag()).isEqualTo(x);
    }
}
