package io.tapelib.controller.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapelib.controller.config.FixedTapeSettings;
import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.VolumeKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller remembers what it probed across restarts (KnownVolumes in the work directory): on a library of blank
 * cartridges that a previous run probed, the first migration loads one cartridge.
 */
class ProbeMemoryTest {

    private static final long MIB = 1024 * 1024;
    private static final int CARTRIDGES = 8;

    @TempDir
    Path dir;

    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private SimpleMeterRegistry meters;

    @AfterEach
    void close() {
        stop();
    }

    private void start(Path workDir) throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"), VirtualLibraryConfig.msl4048()
                .withCartridgeCapacityBytes(64 * MIB).withEarlyWarningBytes(MIB).withTimeScale(0));
        meters = new SimpleMeterRegistry();
        scheduler = new DriveScheduler(new LibraryDevices("virtual", library.changer(), library.drives()),
                new JobHistory(), meters, FixedTapeSettings.virtual(workDir, Duration.ofMinutes(5)));
    }

    private void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
        if (library != null) {
            library.close();
            library = null;
        }
    }

    private double loads() {
        return meters.find("tapelib.cartridge.loads").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** What a gateway's start-up indexing does: reads every cartridge's index (a blank one: its summary alone). */
    private List<VolumeSummary> indexAll() throws Exception {
        List<VolumeSummary> summaries = new ArrayList<>();
        for (int n = 1; n <= CARTRIDGES; n++) {
            scheduler.readIndex(VirtualLibraryConfig.dataVolumeTag(n), new IndexSink() {
                @Override
                public void volume(VolumeSummary volume) {
                    summaries.add(volume);
                }

                @Override
                public void entry(IndexEntry entry) {
                }
            }).get(30, TimeUnit.SECONDS);
        }
        scheduler.unload(0, 0).get(30, TimeUnit.SECONDS);
        return summaries;
    }

    private MigrationResult migrateOneFile() throws Exception {
        return migrateOneFile(Optional.empty());
    }

    private MigrationResult migrateOneFile(Optional<String> volumeTag) throws Exception {
        Instant now = Instant.now();
        byte[] data = new byte[4096];
        Deque<IncomingFile> files = new ArrayDeque<>(List.of(new IncomingFile(1, new FileMetadata("a/1", EntryKind.FILE,
                0644, 0, 0, now, now, now, now, null), data.length, new ByteArrayInputStream(data))));
        return scheduler.migrate(volumeTag, () -> Optional.ofNullable(files.pollFirst()))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void blankCartridgesReportTheirCapacityAndARestartedControllerLoadsOneForTheFirstMigration() throws Exception {
        Path workDir = dir.resolve("spool");
        start(workDir);
        List<VolumeSummary> blanks = indexAll();
        assertThat(blanks).hasSize(CARTRIDGES).allSatisfy(v -> {
            assertThat(v.kind()).isEqualTo(VolumeKind.BLANK);
            assertThat(v.capacityBytes()).as("the data partition a format makes: 64 MiB less 2 of 80 wraps")
                    .isEqualTo(64 * MIB - 64 * MIB * 2 / 80);
            assertThat(v.remainingBytes()).isPositive().isLessThanOrEqualTo(v.capacityBytes());
        });
        assertThat(loads()).isEqualTo(CARTRIDGES);
        stop();

        start(workDir);
        MigrationResult result = migrateOneFile();

        assertThat(result.volume()).isPresent();
        assertThat(loads()).as("one load: the blank cartridges were remembered").isEqualTo(1);
        assertThat(workDir.resolve(KnownVolumes.FILE_NAME)).isRegularFile();
    }

    @Test
    void withoutTheMemoryTheFirstMigrationProbesEveryCartridge() throws Exception {
        start(dir.resolve("spool"));
        indexAll();
        stop();
        Files.delete(dir.resolve("spool").resolve(KnownVolumes.FILE_NAME));

        start(dir.resolve("spool"));
        migrateOneFile();

        assertThat(loads()).as("each cartridge probed, then the first blank loaded again").isEqualTo(CARTRIDGES + 1);
    }
}
