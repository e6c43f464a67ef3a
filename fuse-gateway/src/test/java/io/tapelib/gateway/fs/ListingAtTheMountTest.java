package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.posix.FileKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory listings on a real FUSE mount of {@link TapeLibraryFuse} over the real catalog, read with ls, find and
 * Java's own readdir: names, inode numbers and file types as the catalog has them, a cartridge catalogued while
 * mounted in the very next listing, and a directory whose names outgrow the filler's first buffer listed whole.
 * Needs root, /dev/fuse and libfuse2 (deploy/install-deps.sh).
 */
class ListingAtTheMountTest {
    private static final Instant TAPE_TIME = Instant.parse("2024-11-05T08:00:00Z");

    @TempDir
    Path temp;

    private RealMount mounted;
    private Path mnt;

    @BeforeEach
    void mount() {
        mounted = new RealMount(temp, 10_000_000);
        mnt = mounted.mountPoint;
    }

    @AfterEach
    void unmount() {
        mounted.close();
    }

    private void catalogue(String tag, List<TapeEntry> entries) {
        mounted.catalog.importVolume(new VolumeRecord(tag, "uuid-" + tag, VolumeState.LTFS, 1, 1_000_000_000L,
                900_000_000L, 524_288, TAPE_TIME), entries.iterator());
    }

    private static TapeEntry entry(String path, FileKind kind) {
        return new TapeEntry(path, kind, 0, kind == FileKind.DIRECTORY ? 0755 : 0644, 0, 0, TAPE_TIME, null, null, null,
                null, null, null);
    }

    private static List<String> javaListing(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private long inodeOf(String path) {
        return mounted.catalog.resolve(path).orElseThrow().id();
    }

    @Test
    void lsAndFindShowTheCatalogsInodeNumbersAndFileTypes() throws IOException {
        Path d = Files.createDirectories(mnt.resolve("d/sub"));
        Files.writeString(mnt.resolve("d/file"), "content");
        Files.createSymbolicLink(mnt.resolve("d/link"), Path.of("file"));
        RealMount.run(0, "mkfifo", mnt.resolve("d/fifo").toString());
        Files.createLink(mnt.resolve("d/sub/file-again"), mnt.resolve("d/file"));

        Map<String, Long> inodes = new TreeMap<>();
        for (String line : RealMount.run(0, "ls", "-1", "-f", "-i", mnt.resolve("d").toString()).split("\n")) {
            String[] fields = line.trim().split(" ", 2);
            inodes.put(fields[1], Long.parseLong(fields[0]));
        }
        assertThat(inodes).containsOnlyKeys(".", "..", "fifo", "file", "link", "sub")
                .containsEntry("file", inodeOf("/d/file")).containsEntry("link", inodeOf("/d/link"))
                .containsEntry("fifo", inodeOf("/d/fifo")).containsEntry("sub", inodeOf("/d/sub"));
        assertThat(RealMount.run(0, "find", d.getParent().toString(), "-mindepth", "1", "-printf", "%y %P %i\\n")
                .lines().sorted().toList()).containsExactly(
                "d sub " + inodeOf("/d/sub"), "f file " + inodeOf("/d/file"), "f sub/file-again " + inodeOf("/d/file"),
                "l link " + inodeOf("/d/link"), "p fifo " + inodeOf("/d/fifo"));
    }

    @Test
    void aCartridgeCataloguedWhileMountedShowsInTheNextListing() throws IOException {
        Files.createDirectories(mnt.resolve("docs"));
        Files.writeString(mnt.resolve("docs/local.txt"), "mine");
        assertThat(javaListing(mnt.resolve("docs"))).containsExactly("local.txt");
        assertThat(javaListing(mnt)).containsExactly("docs");

        catalogue("A00001L5", List.of(entry("docs", FileKind.DIRECTORY), entry("docs/from-tape.txt", FileKind.FILE),
                entry("more", FileKind.DIRECTORY)));

        assertThat(javaListing(mnt.resolve("docs"))).containsExactly("from-tape.txt", "local.txt");
        assertThat(javaListing(mnt)).containsExactly("docs", "more");
        Files.delete(mnt.resolve("docs/local.txt"));
        assertThat(RealMount.run(0, "ls", "-1", mnt.resolve("docs").toString())).isEqualTo("from-tape.txt\n");
    }

    @Test
    void aDirectoryWhoseNamesOutgrowTheFirstBufferIsListedWholeAfterASmallOne() throws IOException {
        Files.createDirectories(mnt.resolve("small"));
        Files.writeString(mnt.resolve("small/one"), "1");
        assertThat(javaListing(mnt.resolve("small"))).containsExactly("one");
        List<TapeEntry> entries = new ArrayList<>(List.of(entry("big", FileKind.DIRECTORY)));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // 3,000 names of 40 bytes: 120 KB of C strings, more than the 64 KiB the filler starts with
            String name = String.format("file-with-a-rather-long-name-%011d", i);
            entries.add(entry("big/" + name, FileKind.FILE));
            expected.add(name);
        }
        catalogue("A00001L5", entries);

        assertThat(javaListing(mnt.resolve("big"))).isEqualTo(expected);
        assertThat(javaListing(mnt.resolve("small"))).containsExactly("one");
        assertThat(javaListing(mnt.resolve("big"))).hasSize(3_000);
    }
}
