package io.tapelib.controller.jobs;

import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.library.TimingModel.LongitudinalPosition;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.Extent;
import io.tapelib.controller.ltfs.ExpectedVolume;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexEntry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A recall on a freshly loaded cartridge whose cartridge memory names the caller's volume UUID and index generation
 * reads the extents without the labels and the index; at time scale 0 the timing model's account shows what it cost.
 */
class RecallWithoutIndexTest {

    private static final int BLOCK_SIZE = 64 * 1024;
    private static final int FILE_BYTES = 3 * BLOCK_SIZE + 123;

    @TempDir
    Path dir;

    @AutoClose
    private VirtualScheduler rig;
    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();
    private final String tag = VirtualLibraryConfig.dataVolumeTag(1);

    /** One drive of LTO-5 capacity at time scale 0; {@code tag} holds one migrated file and is back in its slot. */
    private Written migrateAndUnload() throws Exception {
        rig = VirtualScheduler.open(dir, VirtualLibraryConfig.msl4048().withDrives(1).withTimeScale(0), jobs);
        library = rig.library();
        scheduler = rig.scheduler();
        byte[] data = new byte[FILE_BYTES];
        new Random(7).nextBytes(data);
        MigrationResult result = scheduler.migrate(Optional.of(tag), new Files(List.of(incoming(1, "a", data))))
                .get(1, TimeUnit.MINUTES);
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        VolumeSummary volume = result.volume().orElseThrow();
        return new Written(data, result.files().get(0).entry(),
                new ExpectedVolume(volume.volumeUuid(), volume.generation(), (int) volume.blockSize()));
    }

    @Test
    void aFreshlyLoadedCartridgeOfTheExpectedGenerationCostsTheRobotTheLoadOneLocateAndTheBytes() throws Exception {
        Written written = migrateAndUnload();
        List<VolumeSummary> mounted = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();

        double before = library.timing().simulatedSeconds();
        byte[] read;
        try (AutoCloseable listening = jobs.listenMounts(mounted::add); AutoCloseable logging = schedulerLog(lines)) {
            read = recall(written.entry(), written.expected());
        }
        double cost = library.timing().simulatedSeconds() - before;

        assertThat(read).isEqualTo(written.data());
        assertThat(mounted).as("no index read, so no volume_mounted").isEmpty();
        Extent first = written.entry().extents().get(0);
        assertThat(first.partition()).isEqualTo(1);
        // the data partition starts after the index partition's 2 wraps and 2 guard wraps; the file's first block lies
        // after the label construct and at most that many blocks of the volume
        long bytesPerWrap = VirtualLibraryConfig.LTO5_NATIVE_CAPACITY_BYTES / TimingModel.LTO5_WRAPS;
        double oneLocate = TimingModel.locateSeconds(LongitudinalPosition.BEGINNING_OF_TAPE, LongitudinalPosition.of(
                4 * bytesPerWrap + first.startBlock() * BLOCK_SIZE, VirtualLibraryConfig.LTO5_NATIVE_CAPACITY_BYTES));
        double blocks = Math.ceil((double) FILE_BYTES / BLOCK_SIZE) * BLOCK_SIZE / TimingModel.STREAMING_BYTES_PER_SECOND;
        double physical = TimingModel.ROBOT_MOVE_SECONDS + TimingModel.LOAD_SECONDS + oneLocate + blocks;
        assertThat(cost).as("robot move + load + one locate + the bytes").isCloseTo(physical, within(oneLocate + 0.001));
        assertThat(lines).contains("recall read order on " + tag + ": 1/" + first.startBlock());
    }

    @Test
    void aGenerationOtherThanTheCartridgeMemorysMountsTheVolumeAndReadsItsIndex() throws Exception {
        Written written = migrateAndUnload();
        ExpectedVolume stale = new ExpectedVolume(written.expected().volumeUuid(), written.expected().generation() - 1,
                written.expected().blockSize());
        List<VolumeSummary> mounted = new CopyOnWriteArrayList<>();

        double before = library.timing().simulatedSeconds();
        byte[] read;
        try (AutoCloseable listening = jobs.listenMounts(mounted::add)) {
            read = recall(written.entry(), stale);
        }
        double cost = library.timing().simulatedSeconds() - before;

        assertThat(read).isEqualTo(written.data());
        assertThat(mounted).as("the index was read and announced").singleElement()
                .satisfies(v -> assertThat(v.generation()).isEqualTo(written.expected().generation()));
        assertThat(cost).as("labels and index read besides the robot move and the load")
                .isGreaterThan(TimingModel.ROBOT_MOVE_SECONDS + TimingModel.LOAD_SECONDS + 1.0);
    }

    @Test
    void aJobAfterARecallWithoutIndexMountsTheVolumeAndItsWritesReachTheIndex() throws Exception {
        Written written = migrateAndUnload();
        recall(written.entry(), written.expected());
        List<VolumeSummary> mounted = new CopyOnWriteArrayList<>();

        MigrationResult second;
        try (AutoCloseable listening = jobs.listenMounts(mounted::add)) {
            second = scheduler.migrate(Optional.of(tag), new Files(List.of(incoming(2, "b", new byte[] {1, 2, 3}))))
                    .get(1, TimeUnit.MINUTES);
        }

        assertThat(mounted).as("the migration mounted the volume").hasSize(1);
        assertThat(second.volume().orElseThrow().generation()).isEqualTo(written.expected().generation() + 1);
        List<String> paths = new ArrayList<>();
        scheduler.readIndex(tag, new IndexSink() {
            @Override
            public void volume(VolumeSummary volume) {
            }

            @Override
            public void entry(IndexEntry entry) {
                paths.add(entry.path());
            }
        }).get(1, TimeUnit.MINUTES);
        assertThat(paths).contains("a", "b");
        // the catalog's generation is now stale: the next recall after an unload reads the index
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        List<VolumeSummary> again = new CopyOnWriteArrayList<>();
        try (AutoCloseable listening = jobs.listenMounts(again::add)) {
            assertThat(recall(written.entry(), written.expected())).isEqualTo(written.data());
        }
        assertThat(again).hasSize(1);
    }

    private byte[] recall(IndexEntry entry, ExpectedVolume expected) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        scheduler.recall(tag, List.of(new RecallItem(1, entry.length(), entry.extents())), expected, new RecallSink() {
            @Override
            public void chunk(long fileId, long fileOffset, byte[] buffer, int offset, int length) {
                assertThat(fileOffset).isEqualTo(out.size());
                out.write(buffer, offset, length);
            }

            @Override
            public void fileDone(long fileId) {
            }
        }).get(1, TimeUnit.MINUTES);
        return out.toByteArray();
    }

    /** Collects the scheduler's log lines until closed. */
    private static AutoCloseable schedulerLog(List<String> lines) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger category = java.util.logging.Logger.getLogger(DriveScheduler.class.getName());
        category.addHandler(handler);
        return () -> category.removeHandler(handler);
    }

    private static IncomingFile incoming(long id, String path, byte[] data) {
        Instant now = Instant.now();
        return new IncomingFile(id, new FileMetadata(path, EntryKind.FILE, 0644, 0, 0, now, now, now, now, null),
                data.length, new ByteArrayInputStream(data));
    }

    private record Written(byte[] data, IndexEntry entry, ExpectedVolume expected) {
    }

    /** A batch as the gRPC reader hands it over. */
    private static final class Files implements MigrationSource {
        private final Iterator<IncomingFile> next;

        Files(List<IncomingFile> files) {
            this.next = files.iterator();
        }

        @Override
        public Optional<IncomingFile> nextFile() {
            return next.hasNext() ? Optional.of(next.next()) : Optional.empty();
        }
    }
}
