package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A volume mounted with a work directory keeps its tree in a file there while mounted, and only then. */
class LtfsVolumeTreeStoreTest {

    private static final String TAG = "TL0001L5";
    private static final LtfsFormatOptions SMALL = new LtfsFormatOptions(LtfsFormatOptions.DEFAULT_BLOCK_SIZE, 4L << 20);
    private static final Instant T = Instant.parse("2026-11-23T00:27:02.041956530Z");

    @TempDir
    Path dir;

    private VirtualLibrary library;

    @AfterEach
    void close() {
        if (library != null) {
            library.close();
        }
    }

    private TapeDrive loadedDrive() throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"),
                VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(64L << 20));
        library.changer().load(1, 0);
        TapeDrive drive = library.drives().get(0);
        drive.load();
        return drive;
    }

    private List<Path> treeFiles() throws IOException {
        Path trees = dir.resolve("work/trees");
        if (!Files.isDirectory(trees)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(trees)) {
            return files.toList();
        }
    }

    private static FileMetadata file(String path) {
        return new FileMetadata(path, EntryKind.FILE, 0640, 1000, 1000, T, T, T, T, null);
    }

    @Test
    void theTreeIsAFileInTheWorkDirectoryFromFormatToUnmountAndAgainFromMountToUnmount() throws IOException {
        Path workDir = dir.resolve("work");
        TapeDrive drive = loadedDrive();
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL, workDir);
        assertThat(treeFiles()).hasSize(1);
        for (int i = 0; i < 50; i++) {
            byte[] data = ("file " + i).getBytes(StandardCharsets.UTF_8);
            volume.writeFile(file("d" + (i % 3) + "/f" + i), new ByteArrayInputStream(data), data.length);
        }
        volume.rename("d1", "moved/d1");
        volume.remove("d2/f2");
        List<IndexEntry> written = volume.entries().toList();
        volume.unmount();
        assertThat(treeFiles()).isEmpty();

        drive.unload();
        library.changer().unload(0, 1);
        library.changer().load(1, 0);
        drive.load();
        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG, workDir);

        assertThat(treeFiles()).hasSize(1);
        assertThat(mounted.entries().toList()).containsExactlyElementsOf(written);
        assertThat(written).extracting(IndexEntry::path).contains("moved/d1/f1", "d2/f5").doesNotContain("d2/f2",
                "d1/f1");
        assertThat(mounted.entry("moved/d1/f4")).map(IndexEntry::length).contains(6L);
        mounted.unmount();
        assertThat(treeFiles()).isEmpty();
    }
}
