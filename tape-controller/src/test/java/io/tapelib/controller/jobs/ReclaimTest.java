package io.tapelib.controller.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.ExpectedVolume;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.XattrValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reclaim copies through the scheduler on a virtual library at time scale 0: rounds through the staging directory with
 * one drive, drive to drive with two, exclusions of targets, and a caller that goes away.
 */
class ReclaimTest {

    private static final String SOURCE = "TL0001L5";
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    @TempDir
    Path dir;

    @AutoClose
    private VirtualScheduler rig;
    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();
    private final Map<String, byte[]> contents = new TreeMap<>();


    private void open(int drives) throws IOException {
        rig = VirtualScheduler.open(dir, VirtualLibraryConfig.msl4048().withDrives(drives)
                .withCartridgeCapacityBytes(64 * MIB).withEarlyWarningBytes(MIB).withTimeScale(0), jobs);
        library = rig.library();
        scheduler = rig.scheduler();
    }

    /** Migrates files of the given sizes (and a directory with an xattr, a symlink, a hard link) to {@link #SOURCE}. */
    private MigrationResult migrateSource(long... sizes) throws Exception {
        Instant time = Instant.parse("2024-03-01T10:15:30Z");
        Deque<IncomingFile> files = new ArrayDeque<>();
        files.add(new IncomingFile(100, new FileMetadata("docs", EntryKind.DIRECTORY, 0750, 1000, 100, time, time, time,
                time, null), 0, InputStream.nullInputStream(), Map.of("user.color", XattrValue.ofText("blue")), List.of()));
        Random random = new Random(13);
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = new byte[(int) sizes[i]];
            random.nextBytes(data);
            String path = "docs/file" + i + ".bin";
            contents.put(path, data);
            files.add(new IncomingFile(i + 1, new FileMetadata(path, EntryKind.FILE, 0640, 1000 + i, 100, time, time,
                    time.plusSeconds(i), time, null), data.length, new ByteArrayInputStream(data),
                    Map.of("user.n", XattrValue.ofText("n" + i)), i == 0 ? List.of("docs/link0.bin") : List.of()));
        }
        files.add(new IncomingFile(200, new FileMetadata("docs/latest", EntryKind.SYMLINK, 0777, 0, 0, time, time, time,
                time, "file0.bin"), 0, InputStream.nullInputStream()));
        return scheduler.migrate(Optional.of(SOURCE), () -> Optional.ofNullable(files.pollFirst())).get(1, TimeUnit.MINUTES);
    }

    /** What the gateway would send: the migrated entries with their extents on the source. */
    private static List<ReclaimFile> reclaimFiles(MigrationResult migrated) {
        return migrated.files().stream().map(f -> {
            IndexEntry e = f.entry();
            Map<String, XattrValue> xattrs = new TreeMap<>(e.xattrs());
            xattrs.remove("ltfs.hash.sha256sum");
            return new ReclaimFile(f.fileId(), new FileMetadata(e.path(), e.kind(), e.mode(), e.uid(), e.gid(),
                    e.creationTime(), e.changeTime(), e.modifyTime(), e.accessTime(), e.symlinkTarget(), e.deviceNumber()),
                    e.length(), xattrs, e.path().equals("docs/file0.bin") ? List.of("docs/link0.bin") : List.of(),
                    e.extents());
        }).toList();
    }

    private ReclaimRequest request(List<ReclaimFile> files, Set<String> excluded, long stagingBytes) {
        VolumeSummary source = scheduler.knownVolume(SOURCE).orElseThrow();
        return new ReclaimRequest(SOURCE, files, excluded, Optional.empty(),
                new ExpectedVolume(source.volumeUuid(), source.generation(), (int) source.blockSize()), Map.of(),
                stagingBytes);
    }

    /** Records progress; optionally runs something at the first one. */
    private static final class Listener implements ReclaimListener {
        final List<ReclaimProgress> progress = new CopyOnWriteArrayList<>();
        final AtomicBoolean gone = new AtomicBoolean();
        volatile Runnable atFirst = () -> { };

        @Override
        public void progress(ReclaimProgress p) {
            checkActive();
            if (progress.isEmpty()) {
                atFirst.run();
            }
            progress.add(p);
        }

        @Override
        public void checkActive() {
            if (gone.get()) {
                throw new CancellationException("the test's caller went away");
            }
        }
    }

    /** SHA-256 of every logical object file (records, filemarks, EOD) of a cartridge: what is on its tape. */
    private Map<String, String> tapeObjects(String tag) throws IOException {
        Map<String, String> objects = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("library").resolve("cartridges").resolve(tag))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.matches("\\d+_\\d+_[RFE]")) {
                    objects.put(name, sha256(Files.readAllBytes(file)));
                }
            }
        }
        return objects;
    }

    private Map<String, IndexEntry> index(String tag) throws Exception {
        Map<String, IndexEntry> entries = new TreeMap<>();
        scheduler.readIndex(tag, new IndexSink() {
            @Override
            public void volume(VolumeSummary volume) {
            }

            @Override
            public void entry(IndexEntry entry) {
                entries.put(entry.path(), entry);
            }
        }).get(1, TimeUnit.MINUTES);
        return entries;
    }

    private byte[] recall(String tag, IndexEntry entry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        scheduler.recall(tag, List.of(new RecallItem(1, entry.length(), entry.extents())), new RecallSink() {
            @Override
            public void chunk(long fileId, long fileOffset, byte[] buffer, int offset, int length) {
                out.write(buffer, offset, length);
            }

            @Override
            public void fileDone(long fileId) {
            }
        }).get(1, TimeUnit.MINUTES);
        return out.toByteArray();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JobRecord reclaimJob() {
        return jobs.newestFirst(100).stream().filter(j -> j.type() == JobType.RECLAIM).findFirst().orElseThrow();
    }

    @Test
    void oneDriveCopiesInRoundsThroughStagingAndNeverWritesTheSource() throws Exception {
        open(1);
        MigrationResult migrated = migrateSource(300 * KIB, 200 * KIB, 900 * KIB, 250 * KIB, 100 * KIB, 0);
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        Map<String, String> sourceBefore = tapeObjects(SOURCE);
        Listener listener = new Listener();

        MigrationResult result = scheduler.reclaim(request(reclaimFiles(migrated), Set.of(), 600 * KIB), listener)
                .get(2, TimeUnit.MINUTES);

        String target = result.volume().orElseThrow().volumeTag();
        assertThat(target).isNotEqualTo(SOURCE);
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("docs/file2.bin");
            assertThat(r.reason()).isEqualTo(RejectReason.TOO_LARGE);
            assertThat(r.detail()).contains("RECLAIM_STAGING_BYTES");
        });
        assertThat(result.files()).extracting(f -> f.entry().path())
                .containsExactlyInAnyOrder("docs", "docs/file0.bin", "docs/file1.bin", "docs/file3.bin", "docs/file4.bin",
                        "docs/file5.bin", "docs/latest");
        // 300 + 200 KiB, then 250 + 100 KiB + the empty file: two rounds at least
        assertThat(jobs.newestFirst(100)).filteredOn(j -> j.type() == JobType.LOAD && j.volumeTag().orElse("").equals(SOURCE))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(listener.progress).hasSize(8);
        assertThat(listener.progress.get(7)).isEqualTo(new ReclaimProgress(reclaimJob().id(), target, 8, 8,
                850 * KIB, 1750 * KIB));
        JobRecord job = reclaimJob();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.progress().files()).isEqualTo(8);
        assertThat(job.progress().detail()).contains(SOURCE).contains(target);
        assertThat(job.bytes()).isEqualTo(850 * KIB);

        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        assertThat(tapeObjects(SOURCE)).as("the source's tape, object by object").isEqualTo(sourceBefore);
        try (Stream<Path> staged = Files.walk(dir.resolve("work").resolve(StagingArea.DIRECTORY))) {
            assertThat(staged.filter(Files::isRegularFile)).as("staging files left").isEmpty();
        }
        Map<String, IndexEntry> onTarget = index(target);
        assertThat(onTarget.get("docs").mode()).isEqualTo(0750);
        assertThat(onTarget.get("docs").xattrs()).containsEntry("user.color", XattrValue.ofText("blue"));
        assertThat(onTarget.get("docs/latest").symlinkTarget()).isEqualTo("file0.bin");
        assertThat(onTarget.get("docs/link0.bin").linkGroup()).isNotEmpty()
                .isEqualTo(onTarget.get("docs/file0.bin").linkGroup());
        assertThat(onTarget).doesNotContainKey("docs/file2.bin");
        for (MigratedFile file : result.files()) {
            IndexEntry entry = onTarget.get(file.entry().path());
            assertThat(entry.extents()).isEqualTo(file.entry().extents());
            if (entry.kind() == EntryKind.FILE) {
                int i = Integer.parseInt(entry.path().replaceAll("\\D", ""));
                assertThat(entry.uid()).isEqualTo(1000 + i);
                assertThat(entry.modifyTime()).isEqualTo(Instant.parse("2024-03-01T10:15:30Z").plusSeconds(i));
                assertThat(entry.xattrs()).containsEntry("user.n", XattrValue.ofText("n" + i));
                byte[] expected = contents.get(entry.path());
                assertThat(file.sha256()).isEqualTo(sha256(expected));
                assertThat(sha256(recall(target, entry))).as(entry.path()).isEqualTo(sha256(expected));
            }
        }
    }

    @Test
    void twoDrivesCopyDriveToDriveWithBothCartridgesLoaded() throws Exception {
        open(2);
        MigrationResult migrated = migrateSource(3 * MIB, 700 * KIB, 2 * MIB + 5);
        Listener listener = new Listener();
        List<Element> drivesDuringCopy = new CopyOnWriteArrayList<>();
        listener.atFirst = () -> drivesDuringCopy.addAll(scheduler.inventory().dataTransfer());

        MigrationResult result = scheduler.reclaim(request(reclaimFiles(migrated), Set.of(), 1), listener)
                .get(2, TimeUnit.MINUTES);

        String target = result.volume().orElseThrow().volumeTag();
        assertThat(drivesDuringCopy).extracting(e -> e.volumeTag().orElse("empty"))
                .containsExactlyInAnyOrder(SOURCE, target);
        assertThat(result.rejected()).as("a staging bound of 1 byte does not matter drive to drive").isEmpty();
        assertThat(result.files()).hasSize(5);
        Map<String, IndexEntry> onTarget = index(target);
        for (Map.Entry<String, byte[]> file : contents.entrySet()) {
            assertThat(sha256(recall(target, onTarget.get(file.getKey())))).isEqualTo(sha256(file.getValue()));
        }
        assertThat(reclaimJob().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void excludedVolumesAreNeverTargetsOfAReclaimNorOfAMigrationThatPrefersThem() throws Exception {
        open(1);
        MigrationResult migrated = migrateSource(10 * KIB);

        MigrationResult result = scheduler.reclaim(request(reclaimFiles(migrated), Set.of("TL0002L5", "TL0003L5"), MIB),
                new Listener()).get(2, TimeUnit.MINUTES);
        assertThat(result.volume().orElseThrow().volumeTag()).isNotIn(SOURCE, "TL0002L5", "TL0003L5");

        Deque<IncomingFile> one = new ArrayDeque<>(List.of(new IncomingFile(9, new FileMetadata("x", EntryKind.FILE,
                0644, 0, 0, Instant.now(), Instant.now(), Instant.now(), Instant.now(), null), 1,
                new ByteArrayInputStream(new byte[1]))));
        MigrationResult batch = scheduler.migrate(Optional.of(SOURCE), Map.of(), Set.of(SOURCE),
                () -> Optional.ofNullable(one.pollFirst())).get(1, TimeUnit.MINUTES);
        assertThat(batch.volume().orElseThrow().volumeTag()).isNotEqualTo(SOURCE);
    }

    @Test
    void aCallerThatGoesAwayEndsTheJobAsFailedAndLeavesNoStagingFiles() throws Exception {
        open(1);
        MigrationResult migrated = migrateSource(100 * KIB, 100 * KIB, 100 * KIB, 100 * KIB);
        Listener listener = new Listener();
        listener.atFirst = () -> listener.gone.set(true);

        var reclaim = scheduler.reclaim(request(reclaimFiles(migrated), Set.of(), 250 * KIB), listener);

        assertThatThrownBy(() -> reclaim.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(CancellationException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> reclaimJob().state() == JobState.FAILED);
        assertThat(reclaimJob().error()).hasValueSatisfying(e -> assertThat(e).contains("went away"));
        assertThat(reclaimJob().progress().files()).isLessThan(reclaimJob().progress().totalFiles());
        try (Stream<Path> staged = Files.walk(dir.resolve("work").resolve(StagingArea.DIRECTORY))) {
            assertThat(staged.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void stagingFilesLeftByACrashedRunAreRemovedAtStart() throws Exception {
        Path leftover = dir.resolve("work").resolve(StagingArea.DIRECTORY).resolve("job-3-round-2").resolve("0");
        Files.createDirectories(leftover.getParent());
        Files.write(leftover, new byte[4096]);

        open(1);

        assertThat(leftover).doesNotExist();
        assertThat(leftover.getParent()).doesNotExist();
    }

    @Test
    void aWriteProtectedSourceIsRefusedBeforeAnyFileIsCopied() throws Exception {
        open(1);
        MigrationResult migrated = migrateSource(300 * KIB, 200 * KIB);
        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);
        library.setWriteProtected(SOURCE, true);
        Map<String, Map<String, String>> before = allTapeObjects();

        assertThatThrownBy(() -> scheduler.reclaim(request(reclaimFiles(migrated), Set.of(), MIB), new Listener())
                .get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(WriteProtectedException.class).hasMessageContaining(SOURCE + " is write protected");

        assertThat(reclaimJob().state()).isEqualTo(JobState.FAILED);
        assertThat(allTapeObjects()).as("no cartridge written, the source included").isEqualTo(before);
    }

    /** {@link #tapeObjects} of every cartridge of the library, by volume tag. */
    private Map<String, Map<String, String>> allTapeObjects() throws IOException {
        Map<String, Map<String, String>> all = new TreeMap<>();
        try (Stream<Path> cartridges = Files.list(dir.resolve("library").resolve("cartridges"))) {
            for (Path cartridge : cartridges.toList()) {
                all.put(cartridge.getFileName().toString(), tapeObjects(cartridge.getFileName().toString()));
            }
        }
        return all;
    }

    @Test
    void anUnknownSourceIsNotFoundAndABlankOneUnsupported() throws Exception {
        open(1);
        ReclaimFile file = new ReclaimFile(1, new FileMetadata("a", EntryKind.FILE, 0644, 0, 0, Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, 0), 10, Map.of(), List.of(),
                List.of(new io.tapelib.controller.ltfs.Extent(1, 4, 0, 10, 0)));
        assertThatThrownBy(() -> scheduler.reclaim(new ReclaimRequest("NOPE01L5", List.of(file), Set.of(),
                Optional.empty(), ExpectedVolume.UNKNOWN, Map.of(), MIB), new Listener()).get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(VolumeNotFoundException.class);
        assertThatThrownBy(() -> scheduler.reclaim(new ReclaimRequest("TL0004L5", List.of(file), Set.of(),
                Optional.empty(), ExpectedVolume.UNKNOWN, Map.of(), MIB), new Listener()).get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(UnsupportedVolumeException.class);
        assertThat(reclaimJob().state()).isEqualTo(JobState.FAILED);
        assertThatThrownBy(() -> new ReclaimFile(1, file.metadata(), 5, Map.of(), List.of(), file.extents()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past its length");
    }
}
