package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.drive.virtual.VirtualTapeDrive;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of issue 4: the virtual drive loses power after N more logical objects of a write session, for every N
 * from 0 to the session's length (during file data, between data and index, inside an index construct of several
 * blocks, during the index partition's copy at unmount). Each time the tape mounts, every file the index in use names
 * reads back as its source, and recovery yields a consistent volume that mounts read-write with the files of that
 * index.
 */
class LtfsCrashTest {

    private static final Path JDK = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final String TAG = "TL0001L5";
    /** Small blocks: files span several blocks and the indexes several blocks, so that a stop can fall inside them. */
    private static final LtfsFormatOptions SMALL_BLOCKS = new LtfsFormatOptions(4096, 4L << 20);
    private static final Instant TIME = Instant.parse("2024-05-06T07:08:09.123456789Z");

    @TempDir
    Path dir;

    private VirtualLibrary library;
    private VirtualTapeDrive drive;
    private final Map<String, byte[]> sources = new LinkedHashMap<>();

    @BeforeEach
    void open() throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"),
                VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(64L << 20).withTimeScale(0));
        library.changer().load(1, 0);
        drive = (VirtualTapeDrive) library.drives().get(0);
        drive.load();
        sources.put("base/release", Files.readAllBytes(JDK.resolve("release")));
        sources.put("base/aes.md", Files.readAllBytes(JDK.resolve("legal/java.base/aes.md")));
        sources.put("s1/jdk.random.jmod", Files.readAllBytes(JDK.resolve("jmods/jdk.random.jmod")));
        sources.put("s1/jdk.attach.jmod", Files.readAllBytes(JDK.resolve("jmods/jdk.attach.jmod")));
        sources.put("s2/jdk.jsobject.jmod", Files.readAllBytes(JDK.resolve("jmods/jdk.jsobject.jmod")));
        sources.put("s2/empty", new byte[0]);
    }

    @AfterEach
    void close() {
        drive.restorePower();
        library.close();
    }

    /** Directories the session creates: enough that its last index spans several blocks. */
    private static final int DIRECTORIES = 60;

    /** The generations of the session and the paths each index names. */
    private static final Set<String> GEN2 = Set.of("base", "base/release", "base/aes.md");
    private static final Set<String> GEN3 = union(GEN2, "s1", "s1/jdk.random.jmod", "s1/jdk.attach.jmod");

    private static Set<String> gen4() {
        Set<String> paths = union(GEN3, "s2", "s2/jdk.jsobject.jmod", "s2/empty");
        for (int i = 0; i < DIRECTORIES; i++) {
            paths.add("s2/dirs/directory-with-a-long-name-" + i);
        }
        paths.add("s2/dirs");
        return paths;
    }

    /** Formats the cartridge and writes generation 2 (base/...), unmounted: the consistent state before the session. */
    private void baseline() {
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL_BLOCKS);
        write(volume, "base/release");
        write(volume, "base/aes.md");
        volume.unmount();
    }

    /**
     * The session that loses power: two files and an index (generation 3), a file, an empty file and sixty
     * directories (an index of several 4 KiB blocks), and the unmount (generation 4 on the data partition, then its
     * copy on the index partition).
     */
    private void session() {
        LtfsVolume volume = LtfsVolumes.mount(drive, TAG);
        write(volume, "s1/jdk.random.jmod");
        write(volume, "s1/jdk.attach.jmod");
        volume.writeIndex();
        write(volume, "s2/jdk.jsobject.jmod");
        write(volume, "s2/empty");
        for (int i = 0; i < DIRECTORIES; i++) {
            volume.writeEntry(new FileMetadata("s2/dirs/directory-with-a-long-name-" + i, EntryKind.DIRECTORY, 0755,
                    0, 0, TIME, TIME, TIME, TIME, null));
        }
        volume.unmount();
    }

    private void write(LtfsVolume volume, String path) {
        byte[] bytes = sources.get(path);
        volume.writeFile(new FileMetadata(path, EntryKind.FILE, 0644, 0, 0, TIME, TIME, TIME, TIME, null),
                new ByteArrayInputStream(bytes), bytes.length);
    }

    /** Logical objects the session writes on both partitions when nothing stops it. */
    private long sessionObjects() {
        baseline();
        long dataBefore = eod(1);
        session();
        // the index partition's copy is written from block 4, over the previous one
        return eod(1) - dataBefore + eod(0) - (LabelConstruct.LAST_FILEMARK + 1);
    }

    private long eod(int partition) {
        drive.locate(partition, 0);
        drive.spaceToEndOfData();
        return drive.position().block();
    }

    @Test
    void everyStopPointMountsWithIntactFilesAndRecoversToAConsistentVolume() {
        long objects = sessionObjects();
        assertThat(objects).as("objects of the session").isGreaterThan(40);
        Set<Set<String>> indexesSeen = new java.util.HashSet<>();
        long previousGeneration = 0;
        int recovered = 0;

        for (long stop = 0; stop <= objects; stop++) {
            baseline();
            drive.losePowerAfter(stop);
            boolean lostPower = false;
            try {
                session();
            } catch (DeviceException e) {
                assertThat(e.getMessage()).contains("lost power");
                lostPower = true;
            }
            drive.restorePower();
            assertThat(lostPower).as("power lost at stop %d of %d", stop, objects).isEqualTo(stop < objects);

            LtfsVolume mounted = LtfsVolumes.mount(drive, TAG);
            Set<String> named = paths(mounted);
            assertThat(named).as("stop %d names the files of one complete index", stop).isIn(GEN2, GEN3, gen4());
            assertThat(mounted.generation()).as("stop %d", stop).isGreaterThanOrEqualTo(previousGeneration);
            previousGeneration = mounted.generation();
            indexesSeen.add(named);
            assertFilesReadBack(mounted, stop);
            if (stop == objects) {
                assertThat(mounted.consistency().consistent()).isTrue();
                assertThat(mounted.generation()).isEqualTo(4);
                continue;
            }
            if (mounted.consistency().consistent()) {
                // a stop after the last index of the data partition's session and the copy that matches it
                assertThat(mounted.readOnly()).isFalse();
                continue;
            }
            assertThat(mounted.readOnly()).isTrue();
            assertThatThrownBy(() -> mounted.writeEntry(new FileMetadata("refused", EntryKind.DIRECTORY, 0755, 0, 0,
                    TIME, TIME, TIME, TIME, null))).isInstanceOf(ReadOnlyVolumeException.class);

            Consistency after = mounted.recover();
            mounted.unmount();
            recovered++;

            assertThat(after.consistent()).isTrue();
            LtfsVolume again = LtfsVolumes.mount(drive, TAG);
            assertThat(again.consistency().consistent()).as("stop %d recovered: %s", stop,
                    again.consistency().problems()).isTrue();
            assertThat(again.readOnly()).isFalse();
            assertThat(paths(again)).isEqualTo(named);
            assertThat(again.generation()).isGreaterThanOrEqualTo(mounted.generation());
            assertFilesReadBack(again, stop);
            again.writeEntry(new FileMetadata("after-recovery", EntryKind.DIRECTORY, 0755, 0, 0, TIME, TIME, TIME,
                    TIME, null));
            again.unmount();
            assertThat(LtfsVolumes.mount(drive, TAG).entry("after-recovery")).isPresent();
        }

        assertThat(indexesSeen).containsExactlyInAnyOrder(GEN2, GEN3, gen4());
        assertThat(recovered).isGreaterThan((int) objects / 2);
    }

    /**
     * Issue 10 part B: the same stops, mounted as the controller mounts (recovering volumes it wrote): every stop
     * mounts consistent and writable at once, with the files of one complete index, and a later write is kept.
     */
    @Test
    void everyStopPointOfOurOwnSessionIsRecoveredAtMountWithoutAnOperator() {
        long objects = sessionObjects();
        int healed = 0;
        for (long stop = 0; stop <= objects; stop++) {
            baseline();
            drive.losePowerAfter(stop);
            try {
                session();
            } catch (DeviceException e) {
                assertThat(e.getMessage()).contains("lost power");
            }
            drive.restorePower();
            boolean consistentAsFound = LtfsVolumes.mount(drive, TAG).consistency().consistent();

            LtfsVolume mounted = LtfsVolumes.mount(drive, TAG, null, true);

            assertThat(mounted.consistency().consistent()).as("stop %d: %s", stop, mounted.consistency().problems())
                    .isTrue();
            assertThat(mounted.readOnly()).as("stop %d", stop).isFalse();
            Set<String> named = paths(mounted);
            assertThat(named).as("stop %d", stop).isIn(GEN2, GEN3, gen4());
            assertFilesReadBack(mounted, stop);
            healed += consistentAsFound ? 0 : 1;
            mounted.writeEntry(new FileMetadata("after-heal", EntryKind.DIRECTORY, 0755, 0, 0, TIME, TIME, TIME,
                    TIME, null));
            mounted.unmount();
            LtfsVolume again = LtfsVolumes.mount(drive, TAG);
            assertThat(again.consistency().consistent()).as("stop %d remounted", stop).isTrue();
            assertThat(paths(again)).as("stop %d", stop).isEqualTo(union(named, "after-heal"));
        }
        assertThat(healed).isGreaterThan((int) objects / 2);
    }

    @Test
    void aStopInTheIndexPartitionCopyLeavesTheDataPartitionIndexInUseAndReportsTheStaleCopy() {
        baseline();
        LtfsVolume volume = LtfsVolumes.mount(drive, TAG);
        write(volume, "s1/jdk.random.jmod");
        volume.writeIndex();
        // stop after the first filemark and one block of the index partition's copy
        drive.losePowerAfter(2);
        assertThatThrownBy(volume::unmount).isInstanceOf(DeviceException.class);
        drive.restorePower();

        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG);

        assertThat(mounted.generation()).isEqualTo(3);
        assertThat(mounted.consistency().index().partition()).isEqualTo(1);
        assertThat(mounted.readOnly()).isTrue();
        assertThat(mounted.consistency().problems()).anySatisfy(p -> assertThat(p).containsAnyOf("a:5", "partition a block 5"));
        assertThat(mounted.consistency().summary()).contains("read-only", "generation 3");
        assertFilesReadBack(mounted, -1);

        mounted.recover();
        mounted.unmount();
        LtfsVolume again = LtfsVolumes.mount(drive, TAG);
        assertThat(again.consistency().consistent()).isTrue();
        // only the copy was missing: the data partition's generation 3 is kept, no new generation
        assertThat(again.generation()).isEqualTo(3);
        assertThat(again.consistency().index().partition()).isEqualTo(1);
    }

    private static Set<String> paths(LtfsVolume volume) {
        Set<String> paths = new TreeSet<>();
        volume.entries().forEach(e -> paths.add(e.path()));
        return paths;
    }

    private void assertFilesReadBack(LtfsVolume volume, long stop) {
        List<IndexEntry> files = new ArrayList<>();
        volume.entries().filter(e -> e.kind() == EntryKind.FILE).forEach(files::add);
        assertThat(files).isNotEmpty();
        for (IndexEntry file : files) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            volume.readFile(file, (offset, buffer, from, length) -> out.write(buffer, from, length));
            assertThat(out.toByteArray()).as("stop %d: %s", stop, file.path()).isEqualTo(sources.get(file.path()));
        }
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new TreeSet<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
