package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.drive.TapeDrive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LTFS volumes that mount read-only on the virtual tape library and take no write: a spoilt last index (truncated, or
 * with an external entity) is passed over for the one before, and a volume its index locked keeps its lock.
 */
class LtfsReadOnlyMountTest extends LtfsVolumeHarness {

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
}
