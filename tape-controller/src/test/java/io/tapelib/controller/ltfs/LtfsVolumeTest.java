package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LTFS volume operations against the virtual tape library (the project's test device). */
class LtfsVolumeTest {

    private static final Path JDK = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final String TAG = "TL0001L5";
    private static final LtfsFormatOptions SMALL = new LtfsFormatOptions(LtfsFormatOptions.DEFAULT_BLOCK_SIZE, 4L << 20);

    @TempDir
    Path dir;

    private VirtualLibrary library;

    @AfterEach
    void close() {
        if (library != null) {
            library.close();
        }
    }

    private TapeDrive loadedDrive(long cartridgeBytes, int slot) throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"),
                VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(cartridgeBytes));
        library.changer().load(slot, 0);
        TapeDrive drive = library.drives().get(0);
        drive.load();
        return drive;
    }

    /** Unloads the cartridge to its slot and loads it again, as a later job would. */
    private TapeDrive reload(TapeDrive drive, int slot) {
        drive.unload();
        library.changer().unload(0, slot);
        library.changer().load(slot, 0);
        drive.load();
        return drive;
    }

    private static FileMetadata metadataOf(Path source, String path, EntryKind kind) throws IOException {
        FileTime modified = Files.getLastModifiedTime(source);
        Instant time = modified.toInstant();
        return new FileMetadata(path, kind, kind == EntryKind.DIRECTORY ? 0750 : 0640, 1000, 1000, time, time, time,
                time, null);
    }

    private static WrittenFile write(LtfsVolume volume, Path source, String path) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return volume.writeFile(metadataOf(source, path, EntryKind.FILE), in, Files.size(source));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readBack(LtfsVolume volume, IndexEntry file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        volume.readFile(file, (offset, buffer, from, length) -> {
            assertThat(offset).isEqualTo(out.size());
            out.write(buffer, from, length);
        });
        return out.toByteArray();
    }

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
    void fileThatDoesNotFitIsRefusedBeforeWritingAndTheVolumeStaysMountable() throws IOException {
        TapeDrive drive = loadedDrive(16L << 20, 1);
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        Path big = JDK.resolve("jmods/jdk.charsets.jmod");
        write(volume, big, "kept.jmod");
        volume.writeIndex();
        long remainingOnTape = drive.capacity(1).remainingBytes();
        long tooMuch = volume.remainingBytes() + 1;

        assertThatThrownBy(() -> volume.writeFile(metadataOf(big, "too-big", EntryKind.FILE),
                InputStream.nullInputStream(), tooMuch))
                .isInstanceOf(EndOfMediumException.class)
                .hasMessageContaining("too-big");

        assertThat(drive.capacity(1).remainingBytes()).isEqualTo(remainingOnTape);
        assertThat(volume.entry("too-big")).isEmpty();
        volume.unmount();
        LtfsVolume mounted = LtfsVolumes.mount(reload(drive, 1), TAG);
        assertThat(sha256(readBack(mounted, mounted.entry("kept.jmod").orElseThrow())))
                .isEqualTo(sha256(Files.readAllBytes(big)));
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
    void truncatedIndexAtTheEndOfTheDataPartitionIsPassedOverForTheOlderOneAndNothingIsWritten() throws IOException {
        assertMountFallsBackFromLastDataIndex(xml -> Arrays.copyOf(xml, xml.length / 2));
    }

    @Test
    void indexWithAnExternalEntityIsPassedOverForTheOlderOneAndNothingIsWritten() throws IOException {
        assertMountFallsBackFromLastDataIndex(xml -> new String(xml, StandardCharsets.UTF_8)
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<!DOCTYPE ltfsindex [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")
                .replace("<creator>", "<creator>&xxe;")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends, after a good volume's last index, an index construct whose XML is spoilt as given, as a crash might:
     * the volume mounts read-only with the good index, names the spoilt one, and writes nothing.
     */
    private void assertMountFallsBackFromLastDataIndex(java.util.function.UnaryOperator<byte[]> spoil) throws IOException {
        TapeDrive drive = loadedDrive(64L << 20, 1);
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        write(volume, JDK.resolve("release"), "release");
        volume.unmount();
        drive.locate(1, 0);
        drive.spaceToEndOfData();
        long eod = drive.position().block();
        IndexHeader last = IndexConstruct.read(drive, new IndexLocation(1, eod - 2), volume.blockSize(), TAG,
                new IndexXmlReaderTest.Collected());
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        IndexXmlWriter.write(good, new IndexHeader(last.version(), last.creator(), null, last.volumeUuid(),
                last.generation() + 1, Instant.now(), new IndexLocation(1, eod + 1), last.previousGeneration(), true,
                last.highestFileUid(), "unlocked", null), new IndexEntry("", EntryKind.DIRECTORY, 0, 0755, 0, 0,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, List.of(), java.util.Map.of(), 1,
                false), List.<IndexEntry>of().iterator());
        byte[] spoilt = spoil.apply(good.toByteArray());
        drive.locate(1, eod);
        drive.writeFilemarks(1);
        drive.writeBlock(spoilt, 0, spoilt.length);
        drive.writeFilemarks(1);
        reload(drive, 1);
        long dataRemaining = drive.capacity(1).remainingBytes();
        long indexRemaining = drive.capacity(0).remainingBytes();

        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG);

        assertThat(mounted.generation()).isEqualTo(last.generation());
        assertThat(mounted.entry("release")).isPresent();
        assertThat(mounted.readOnly()).isTrue();
        Consistency consistency = mounted.consistency();
        assertThat(consistency.index()).isEqualTo(new IndexLocation(1, eod - 2));
        assertThat(consistency.unindexed()).containsExactly(new UnindexedBlocks(1, eod, eod + 3));
        assertThat(consistency.problems()).anySatisfy(p -> assertThat(p)
                .contains(TAG + " partition b block " + (eod + 1), "malformed LTFS index"));
        assertRefusesANewEntry(mounted, "read-only");
        mounted.unmount();
        assertThat(drive.capacity(1).remainingBytes()).isEqualTo(dataRemaining);
        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(indexRemaining);
    }

    @Test
    void volumeLockedByItsIndexMountsReadOnlyKeepsItsLockAndTakesNoWrite() throws IOException {
        TapeDrive drive = loadedDrive(64L << 20, 1);
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        write(volume, JDK.resolve("release"), "release");
        volume.unmount();
        // another implementation locked the volume: its last index (one block before the closing filemark) says so
        drive.locate(1, 0);
        drive.spaceToEndOfData();
        long eod = drive.position().block();
        drive.locate(1, eod - 2);
        byte[] block = new byte[volume.blockSize()];
        int length = drive.readBlock(block);
        String xml = new String(block, 0, length, StandardCharsets.UTF_8);
        assertThat(xml).contains("<volumelockstate>unlocked</volumelockstate>");
        byte[] locked = xml.replace("<volumelockstate>unlocked</volumelockstate>",
                "<volumelockstate>locked</volumelockstate>").getBytes(StandardCharsets.UTF_8);
        drive.locate(1, eod - 2);
        drive.writeBlock(locked, 0, locked.length);
        drive.writeFilemarks(1);
        reload(drive, 1);
        long dataRemaining = drive.capacity(1).remainingBytes();
        long indexRemaining = drive.capacity(0).remainingBytes();

        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG);

        assertThat(mounted.readOnly()).isTrue();
        assertThat(mounted.entry("release")).isPresent();
        assertRefusesANewEntry(mounted, "locked");
        assertThat(mounted.recover().consistent()).as("a consistent locked volume has nothing to recover").isTrue();
        mounted.unmount();
        assertThat(drive.capacity(1).remainingBytes()).isEqualTo(dataRemaining);
        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(indexRemaining);
    }

    /** A read-only volume refuses even an empty directory, saying why. */
    private static void assertRefusesANewEntry(LtfsVolume mounted, String why) {
        assertThatThrownBy(() -> mounted.writeEntry(new FileMetadata("new", EntryKind.DIRECTORY, 0755, 0, 0,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null)))
                .isInstanceOf(ReadOnlyVolumeException.class)
                .hasMessageContaining(why);
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
    void pastEarlyWarningTheVolumeTakesNoMoreFilesAndItsFinalIndexStillFits() throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"), VirtualLibraryConfig.msl4048()
                .withCartridgeCapacityBytes(64L << 20).withEarlyWarningBytes(16L << 20).withTimeScale(0));
        library.changer().load(1, 0);
        TapeDrive drive = library.drives().get(0);
        drive.load();
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        byte[] megabytes = new byte[4 << 20];
        List<String> written = new java.util.ArrayList<>();
        EndOfMediumException full = null;
        for (int i = 0; i < 20 && full == null; i++) {
            try {
                volume.writeFile(new FileMetadata("f" + i, EntryKind.FILE, 0644, 0, 0, Instant.EPOCH, Instant.EPOCH,
                        Instant.EPOCH, Instant.EPOCH, null), new ByteArrayInputStream(megabytes), megabytes.length);
                written.add("f" + i);
            } catch (EndOfMediumException e) {
                full = e;
            }
        }

        // 60 MiB data partition, early warning 16 MiB before its end: the file that crosses it is finished
        // (its rest and the index fit), the next one is refused before anything is written
        assertThat(full).isNotNull().hasMessageContaining("does not fit");
        assertThat(volume.pastEarlyWarning()).isTrue();
        assertThat(volume.remainingBytes()).isZero();
        assertThat(written).hasSize(11);
        volume.unmount();
        LtfsVolume mounted = LtfsVolumes.mount(reload(drive, 1), TAG);
        assertThat(mounted.consistency().consistent()).isTrue();
        assertThat(mounted.entries()).extracting(IndexEntry::path).containsExactlyInAnyOrderElementsOf(written);
        assertThat(readBack(mounted, mounted.entry("f10").orElseThrow())).isEqualTo(megabytes);
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
