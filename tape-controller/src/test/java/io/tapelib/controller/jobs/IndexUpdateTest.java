package io.tapelib.controller.jobs;

import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexChange;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.SkippedChange;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** UpdateIndex and Migrate with pending changes on a virtual library: what the index on tape names afterwards. */
class IndexUpdateTest {

    private static final long MIB = 1024 * 1024;
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456789Z");

    @TempDir
    Path dir;

    @AutoClose
    private VirtualScheduler rig;
    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();

    @BeforeEach
    void open() throws Exception {
        rig = VirtualScheduler.open(dir, MigrationBatches.smallLibrary(1), jobs);
        library = rig.library();
        scheduler = rig.scheduler();
    }

    @Test
    void changesApplyInOrderAndANewGenerationNamesThem() throws Exception {
        String tag = migrated("a", "b", "d/c");
        long before = scheduler.knownVolume(tag).orElseThrow().generation();

        IndexUpdate update = scheduler.updateIndex(tag, List.of(
                new IndexChange.Rename("a", "x/a"),
                new IndexChange.Remove("b"),
                new IndexChange.Put(metadata("empty", EntryKind.DIRECTORY, 0700), Map.of()),
                new IndexChange.Rename("missing", "y"),
                new IndexChange.Put(metadata("not-there", EntryKind.FILE, 0600), Map.of()),
                new IndexChange.Put(metadata("d/c", EntryKind.FILE, 0600), Map.of()))).get(1, TimeUnit.MINUTES);

        assertThat(update.changes().applied()).isEqualTo(4);
        assertThat(update.changes().skipped()).extracting(SkippedChange::index).containsExactly(3, 4);
        assertThat(update.changes().skipped().get(0).detail()).contains("missing");
        assertThat(update.volume().generation()).isEqualTo(before + 1);
        Map<String, IndexEntry> onTape = entriesOnTape(tag);
        assertThat(onTape).containsOnlyKeys("x", "x/a", "d", "d/c", "empty");
        assertThat(onTape.get("empty").mode()).isEqualTo(0700);
        assertThat(onTape.get("empty").modifyTime()).isEqualTo(T);
        assertThat(onTape.get("d/c").mode()).isEqualTo(0600);
        assertThat(onTape.get("d/c").extents()).as("a put keeps the file's data").isNotEmpty();
        assertThat(jobs.newestFirst(10)).anySatisfy(job -> {
            assertThat(job.type()).isEqualTo(JobType.UPDATE_INDEX);
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        });
    }

    @Test
    void powerLostDuringTheIndexWriteFailsTheUpdateAndTheUnloadWritesTheChangesFirst() throws Exception {
        String tag = migrated("a", "b");
        io.tapelib.controller.drive.virtual.VirtualTapeDrive drive =
                (io.tapelib.controller.drive.virtual.VirtualTapeDrive) library.drives().get(0);
        drive.losePowerAfter(1);

        assertThatThrownBy(() -> scheduler.updateIndex(tag, List.of(new IndexChange.Rename("a", "moved")))
                .get(1, TimeUnit.MINUTES)).hasMessageContaining("lost power");
        assertThat(jobs.newestFirst(1).get(0)).satisfies(job -> {
            assertThat(job.type()).isEqualTo(JobType.UPDATE_INDEX);
            assertThat(job.state()).isEqualTo(JobState.FAILED);
        });
        assertThat(scheduler.inventory().dataTransfer().get(0).volumeTag()).as("the cartridge stays in").contains(tag);
        drive.restorePower();

        assertThat(scheduler.unload(0, 0).get(1, TimeUnit.MINUTES).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(entriesOnTape(tag)).containsOnlyKeys("moved", "b");
    }

    @Test
    void anUnknownTagABlankCartridgeAndAWriteProtectedOneAreRefused() throws Exception {
        List<IndexChange> change = List.of(new IndexChange.Remove("a"));
        assertThatThrownBy(() -> scheduler.updateIndex("NOPE01L6", change).get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(VolumeNotFoundException.class);
        assertThatThrownBy(() -> scheduler.updateIndex(VirtualLibraryConfig.dataVolumeTag(2), change)
                .get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(UnsupportedVolumeException.class);

        String tag = migrated("a");
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        library.setWriteProtected(tag, true);
        long generation = scheduler.knownVolume(tag).orElseThrow().generation();

        assertThatThrownBy(() -> scheduler.updateIndex(tag, change).get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(WriteProtectedException.class);
        assertThat(entriesOnTape(tag)).containsOnlyKeys("a");
        assertThat(scheduler.knownVolume(tag).orElseThrow().generation()).isEqualTo(generation);
    }

    @Test
    void aMigrateAppliesItsVolumesPendingChangesBeforeItsFiles() throws Exception {
        String tag = migrated("a", "old");
        String first = scheduler.knownVolume(tag).orElseThrow().volumeUuid();
        byte[] content = "the new a".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] binary = {0, (byte) 0xff, 10};
        FileMetadata newA = metadata("a", EntryKind.FILE, 0600);
        FileMetadata fifo = new FileMetadata("dev/fifo", EntryKind.FIFO, 0644, 0, 0, T, T, T, T, null, 0);
        FileMetadata disk = new FileMetadata("dev/sda1", EntryKind.BLOCK_DEVICE, 0660, 0, 6, T, T, T, T, null,
                (8 << 8) | 1);
        Map<String, List<IndexChange>> pending = Map.of(
                tag, List.of(new IndexChange.Remove("a"), new IndexChange.Rename("old", "renamed"),
                        new IndexChange.Remove("never-was")),
                "OTHER1L6", List.of(new IndexChange.Remove("renamed")));

        MigrationResult result = scheduler.migrate(Optional.of(tag), pending, new ListSource(List.of(
                new IncomingFile(1, newA, content.length, new ByteArrayInputStream(content),
                        Map.of("note", io.tapelib.controller.ltfs.XattrValue.of(binary)), List.of("hard/a2")),
                empty(2, fifo), empty(3, disk)))).get(1, TimeUnit.MINUTES);

        assertThat(result.rejected()).isEmpty();
        assertThat(result.changes()).hasValueSatisfying(changes -> {
            assertThat(changes.applied()).isEqualTo(2);
            assertThat(changes.skipped()).extracting(SkippedChange::index).containsExactly(2);
        });
        Map<String, IndexEntry> onTape = entriesOnTape(tag);
        assertThat(onTape).containsOnlyKeys("a", "renamed", "hard", "hard/a2", "dev", "dev/fifo", "dev/sda1");
        assertThat(onTape.get("a").length()).as("the new a, not the one the pending removal named")
                .isEqualTo(content.length);
        assertThat(onTape.get("a").xattrs()).containsEntry("note", io.tapelib.controller.ltfs.XattrValue.of(binary));
        assertThat(onTape.get("hard/a2").extents()).isEqualTo(onTape.get("a").extents());
        assertThat(onTape.get("hard/a2").linkGroup()).isNotEmpty().isEqualTo(onTape.get("a").linkGroup());
        assertThat(onTape.get("dev/fifo").kind()).isEqualTo(EntryKind.FIFO);
        assertThat(onTape.get("dev/sda1").kind()).isEqualTo(EntryKind.BLOCK_DEVICE);
        assertThat(onTape.get("dev/sda1").deviceNumber()).isEqualTo((8 << 8) | 1);
        assertThat(scheduler.knownVolume(tag).orElseThrow().volumeUuid()).isEqualTo(first);
    }

    /** Migrates files of 1 MiB (directories created as parents) to the first data cartridge. */
    private String migrated(String... paths) throws Exception {
        String tag = VirtualLibraryConfig.dataVolumeTag(1);
        List<IncomingFile> files = new java.util.ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            files.add(new IncomingFile(i + 1, metadata(paths[i], EntryKind.FILE, 0644), MIB,
                    new ByteArrayInputStream(new byte[(int) MIB])));
        }
        MigrationResult result = scheduler.migrate(Optional.of(tag), new ListSource(files)).get(1, TimeUnit.MINUTES);
        assertThat(result.files()).hasSize(paths.length);
        return tag;
    }

    /** The entries of the volume's index on tape: unmounted (index on both partitions) and mounted again. */
    private Map<String, IndexEntry> entriesOnTape(String tag) throws Exception {
        Map<String, IndexEntry> entries = new LinkedHashMap<>();
        scheduler.onVolume(tag, null, (volume, job) -> {
            volume.unmount();
            try (var all = volume.mount().entries()) {
                all.forEach(e -> entries.put(e.path(), e));
            }
            return null;
        }).get(1, TimeUnit.MINUTES);
        return entries;
    }

    static FileMetadata metadata(String path, EntryKind kind, int mode) {
        return new FileMetadata(path, kind, mode, 1000, 1000, T, T, T, T, null);
    }

    /** A batch from a list; each file's data is an in-memory stream. */
    static final class ListSource implements MigrationSource {
        private final Iterator<IncomingFile> next;

        ListSource(List<IncomingFile> files) {
            this.next = files.iterator();
        }

        @Override
        public Optional<IncomingFile> nextFile() {
            return next.hasNext() ? Optional.of(next.next()) : Optional.empty();
        }
    }

    static IncomingFile empty(long id, FileMetadata metadata) {
        return new IncomingFile(id, metadata, 0, InputStream.nullInputStream());
    }
}
