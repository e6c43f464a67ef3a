package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.drive.TapeDrive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LTFS volume operations against the virtual tape library (the project's test device): format, probe, write, mount
 * again, rename and remove, and the bytes and hashes read back.
 */
class LtfsVolumeTest extends LtfsVolumeHarness {

    @Test
    void blankCartridgeProbesBlankAndFormattedOneProbesLtfs() throws IOException {
        TapeDrive drive = loadedDrive(64L << 20, 1);

        assertThat(LtfsVolumes.probe(drive).kind()).isEqualTo(VolumeKind.BLANK);

        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        VolumeProbe probe = LtfsVolumes.probe(drive);

        assertThat(probe.kind()).isEqualTo(VolumeKind.LTFS);
        assertThat(probe.detail()).contains(volume.volumeUuid());
        assertThat(volume.generation()).isEqualTo(1);
        assertThat(volume.entries()).isEmpty();
    }

    @Test
    void filesWrittenThenUnmountedAreMountedAgainWithTheSameEntriesAndBytes() throws IOException {
        TapeDrive drive = loadedDrive(64L << 20, 1);
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        Path small = JDK.resolve("release");
        Path big = JDK.resolve("jmods/jdk.charsets.jmod");
        Path nested = JDK.resolve("legal/java.base/aes.md");
        assertThat(Files.size(big)).isGreaterThan(1L << 20);

        WrittenFile release = write(volume, small, "jdk/release");
        WrittenFile charsets = write(volume, big, "jdk/jmods/jdk.charsets.jmod");
        WrittenFile aes = write(volume, nested, "jdk/legal/java.base/aes.md");
        WrittenFile empty = volume.writeFile(metadataOf(small, "jdk/empty", EntryKind.FILE),
                new ByteArrayInputStream(new byte[0]), 0);
        FileMetadata link = new FileMetadata("jdk/link-to-release", EntryKind.SYMLINK, 0777, 1000, 1000,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, "release");
        volume.writeEntry(link);
        volume.writeIndex();
        List<IndexEntry> before = volume.entries().toList();
        long generation = volume.generation();
        volume.unmount();

        LtfsVolume mounted = LtfsVolumes.mount(reload(drive, 1), TAG);

        assertThat(mounted.volumeUuid()).isEqualTo(volume.volumeUuid());
        assertThat(mounted.generation()).isEqualTo(generation).isEqualTo(2);
        assertThat(mounted.entries().toList()).containsExactlyElementsOf(before);
        assertThat(before).extracting(IndexEntry::path).containsExactly("jdk", "jdk/release", "jdk/jmods",
                "jdk/jmods/jdk.charsets.jmod", "jdk/legal", "jdk/legal/java.base", "jdk/legal/java.base/aes.md",
                "jdk/empty", "jdk/link-to-release");
        for (WrittenFile written : List.of(release, charsets, aes)) {
            IndexEntry entry = mounted.entry(written.entry().path()).orElseThrow();
            byte[] bytes = readBack(mounted, entry);
            assertThat(sha256(bytes)).isEqualTo(written.sha256())
                    .isEqualTo(entry.xattrText(LtfsVolume.SHA256_XATTR).orElseThrow());
        }
        assertThat(sha256(readBack(mounted, mounted.entry("jdk/jmods/jdk.charsets.jmod").orElseThrow())))
                .isEqualTo(sha256(Files.readAllBytes(big)));
        IndexEntry charsetsEntry = mounted.entry("jdk/jmods/jdk.charsets.jmod").orElseThrow();
        assertThat(charsetsEntry.mode()).isEqualTo(0640);
        assertThat(charsetsEntry.uid()).isEqualTo(1000);
        assertThat(charsetsEntry.modifyTime()).isEqualTo(Files.getLastModifiedTime(big).toInstant());
        assertThat(mounted.entry("jdk/empty").orElseThrow().extents()).isEmpty();
        assertThat(empty.sha256()).isEqualTo(sha256(new byte[0]));
        assertThat(mounted.entry("jdk/link-to-release").orElseThrow().symlinkTarget()).isEqualTo("release");
        assertThat(mounted.entry("jdk/legal").orElseThrow().mode()).isEqualTo(0755);
    }

    @Test
    void indexPartitionCopyPointsBackToTheDataPartitionIndexOfTheSameGeneration() throws IOException {
        TapeDrive drive = loadedDrive(64L << 20, 1);
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        write(volume, JDK.resolve("release"), "release");
        volume.writeIndex();
        write(volume, JDK.resolve("legal/java.base/aes.md"), "aes.md");
        volume.unmount();

        IndexHeader indexCopy = IndexConstruct.read(drive, new IndexLocation(0, 5), volume.blockSize(), TAG,
                new IndexXmlReaderTest.Collected());
        IndexLocation dataIndex = indexCopy.previousGeneration().orElseThrow();
        IndexHeader dataHeader = IndexConstruct.read(drive, dataIndex, volume.blockSize(), TAG,
                new IndexXmlReaderTest.Collected());

        assertThat(indexCopy.generation()).isEqualTo(3);
        assertThat(dataIndex.partition()).isEqualTo(1);
        assertThat(dataHeader.generation()).isEqualTo(3);
        IndexHeader previous = IndexConstruct.read(drive, dataHeader.previousGeneration().orElseThrow(),
                volume.blockSize(), TAG, new IndexXmlReaderTest.Collected());
        assertThat(previous.generation()).isEqualTo(2);
        assertThat(previous.location().partition()).isEqualTo(1);
    }

    @Test
    void renameAndRemoveReachTheTapeAtTheNextIndex() throws IOException {
        TapeDrive drive = loadedDrive(64L << 20, 1);
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        write(volume, JDK.resolve("release"), "a/b/release");
        write(volume, JDK.resolve("legal/java.base/aes.md"), "a/aes.md");
        volume.writeIndex();

        volume.rename("a/b", "c/moved");
        volume.remove("a/aes.md");
        volume.unmount();
        LtfsVolume mounted = LtfsVolumes.mount(reload(drive, 1), TAG);

        assertThat(mounted.entries()).extracting(IndexEntry::path)
                .containsExactlyInAnyOrder("a", "c", "c/moved", "c/moved/release");
        assertThat(readBack(mounted, mounted.entry("c/moved/release").orElseThrow()))
                .isEqualTo(Files.readAllBytes(JDK.resolve("release")));
    }

    @Test
    void nameLongerThan255BytesIsRefused() throws IOException {
        LtfsVolume volume = LtfsVolumes.format(loadedDrive(64L << 20, 1), TAG, SMALL);
        String longName = "é".repeat(128);

        assertThatThrownBy(() -> volume.writeEntry(new FileMetadata("dir/" + longName, EntryKind.DIRECTORY, 0755, 0, 0,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null)))
                .isInstanceOf(LtfsException.class)
                .hasMessageContaining("256 bytes");
        assertThat(volume.entries()).isEmpty();
    }

    @Test
    void gapsBetweenExtentsAndAfterTheLastOneReadAsZeros() throws IOException {
        TapeDrive drive = loadedDrive(64L << 20, 1);
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, new LtfsFormatOptions(4096, 4L << 20));
        byte[] source = new byte[10_000];
        for (int i = 0; i < source.length; i++) {
            source[i] = (byte) (i % 251 + 1);
        }
        WrittenFile dense = volume.writeFile(new FileMetadata("dense", EntryKind.FILE, 0644, 0, 0, Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null), new ByteArrayInputStream(source), source.length);
        long start = dense.entry().extents().get(0).startBlock();
        // a sparse file as another implementation might index it: 1000 bytes of hole, 3000 bytes from block 0,
        // a hole up to 10000, 2000 bytes from the middle of block 1, and a hole up to the length of 30000
        IndexEntry sparse = new IndexEntry("sparse", EntryKind.FILE, 30_000, 0644, 0, 0, Instant.EPOCH, Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH, null, List.of(new Extent(1, start + 1, 100, 2000, 10_000),
                new Extent(1, start, 0, 3000, 1000)), java.util.Map.of(), 99, false);

        byte[] read = readBack(volume, sparse);

        byte[] expected = new byte[30_000];
        System.arraycopy(source, 0, expected, 1000, 3000);
        System.arraycopy(source, 4096 + 100, expected, 10_000, 2000);
        assertThat(read).hasSize(30_000).isEqualTo(expected);
    }

    @Test
    void everyFileWrittenCarriesItsSha256InTheSpecsHashNamespace() throws IOException {
        LtfsVolume volume = LtfsVolumes.format(loadedDrive(64L << 20, 1), TAG, SMALL);

        WrittenFile file = volume.writeFile(new FileMetadata("f", EntryKind.FILE, 0644, 0, 0, Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null), XattrValue.texts(java.util.Map.of(LtfsVolume.SHA256_XATTR, "forged",
                "user.kept", "yes")), new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)), 3);

        // LTFS Format Specification 2.4, Annex F.3: ltfs.hash.sha256sum, lower-case hex
        assertThat(LtfsVolume.SHA256_XATTR).isEqualTo("ltfs.hash.sha256sum");
        assertThat(file.entry().xattrs()).containsEntry("ltfs.hash.sha256sum",
                XattrValue.ofText("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
                .containsEntry("user.kept", XattrValue.ofText("yes"));
    }
}
