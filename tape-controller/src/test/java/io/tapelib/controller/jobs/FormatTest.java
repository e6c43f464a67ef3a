package io.tapelib.controller.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.device.CleaningCartridgeException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.VolumeKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FORMAT jobs asked for by a caller: each guard refuses with nothing written; a format makes a new, empty volume. */
class FormatTest {

    private static final String TAG = "TL0001L5";

    @TempDir
    Path dir;

    @AutoClose
    private VirtualScheduler rig;
    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();

    @BeforeEach
    void open() throws IOException {
        rig = VirtualScheduler.open(dir, VirtualLibraryConfig.msl4048().withDrives(1)
                .withCartridgeCapacityBytes(64L << 20).withEarlyWarningBytes(1 << 20).withTimeScale(0), jobs);
        library = rig.library();
        scheduler = rig.scheduler();
    }

    private VolumeSummary migrateOneFile() throws Exception {
        Instant now = Instant.now();
        Deque<IncomingFile> files = new ArrayDeque<>(List.of(new IncomingFile(1, new FileMetadata("a", EntryKind.FILE,
                0644, 0, 0, now, now, now, now, null), 3, new ByteArrayInputStream(new byte[] {1, 2, 3}))));
        return scheduler.migrate(Optional.of(TAG), () -> Optional.ofNullable(files.pollFirst())).get(1, TimeUnit.MINUTES)
                .volume().orElseThrow();
    }

    private long indexEntries(String tag) throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        scheduler.readIndex(tag, new IndexSink() {
            @Override
            public void volume(VolumeSummary volume) {
            }

            @Override
            public void entry(io.tapelib.controller.ltfs.IndexEntry entry) {
                paths.add(entry.path());
            }
        }).get(1, TimeUnit.MINUTES);
        return paths.stream().filter(p -> !p.isEmpty()).count();
    }

    @Test
    void guardsRefuseWithNothingWrittenAndAFormatWithEraseAndTheRightUuidEmptiesTheVolume() throws Exception {
        VolumeSummary before = migrateOneFile();
        List<VolumeSummary> mounted = new CopyOnWriteArrayList<>();
        jobs.listenMounts(mounted::add);

        assertThatThrownBy(() -> scheduler.format(TAG, false, "").get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(UnsupportedVolumeException.class).hasMessageContaining("erase");
        assertThatThrownBy(() -> scheduler.format(TAG, true, "3f2504e0-4f89-11d3-9a0c-0305e82c3301")
                .get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(UnexpectedVolumeException.class).hasMessageContaining(before.volumeUuid());
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        assertThat(indexEntries(TAG)).as("the file is still there").isEqualTo(1);
        assertThat(scheduler.knownVolume(TAG).orElseThrow().volumeUuid()).isEqualTo(before.volumeUuid());

        JobRecord job = scheduler.format(TAG, true, before.volumeUuid()).get(1, TimeUnit.MINUTES);

        assertThat(job.type()).isEqualTo(JobType.FORMAT);
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        VolumeSummary after = scheduler.knownVolume(TAG).orElseThrow();
        assertThat(after.kind()).isEqualTo(VolumeKind.LTFS);
        assertThat(after.volumeUuid()).isNotEqualTo(before.volumeUuid());
        assertThat(after.generation()).isEqualTo(1);
        assertThat(job.progress().detail()).contains(after.volumeUuid());
        assertThat(mounted).last().satisfies(m -> {
            assertThat(m.volumeTag()).isEqualTo(TAG);
            assertThat(m.volumeUuid()).isEqualTo(after.volumeUuid());
            assertThat(m.generation()).isEqualTo(1);
        });
        assertThat(indexEntries(TAG)).isZero();
    }

    @Test
    void aBlankCartridgeNeedsNoEraseButAWriteProtectedOneACleaningOneAndAnExpectedUuidOnABlankOneAreRefused()
            throws Exception {
        library.setWriteProtected("TL0002L5", true);
        assertThatThrownBy(() -> scheduler.format("TL0002L5", true, "").get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(WriteProtectedException.class);
        assertThatThrownBy(() -> scheduler.format("CLN001L1", true, "").get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(CleaningCartridgeException.class);
        assertThatThrownBy(() -> scheduler.format("NOPE01L5", true, "").get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(VolumeNotFoundException.class);
        assertThatThrownBy(() -> scheduler.format("TL0003L5", false, "3f2504e0-4f89-11d3-9a0c-0305e82c3301")
                .get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(UnexpectedVolumeException.class);
        assertThat(scheduler.knownVolume("TL0003L5").orElseThrow().kind()).isEqualTo(VolumeKind.BLANK);

        assertThat(scheduler.format("TL0003L5", false, "").get(1, TimeUnit.MINUTES).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(scheduler.knownVolume("TL0003L5").orElseThrow().kind()).isEqualTo(VolumeKind.LTFS);
    }
}
