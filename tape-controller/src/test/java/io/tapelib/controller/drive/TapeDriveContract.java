package io.tapelib.controller.drive;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TapeDrive} adapter must do (SSC-4 semantics as the port describes them). Each
 * adapter's test supplies drives in the states named below.
 */
public abstract class TapeDriveContract {

    /** A loaded drive (position 0/0) holding a blank, writable, unpartitioned cartridge of full size. */
    protected abstract TapeDrive loadedBlankDrive();

    /**
     * A loaded drive holding a blank, writable, unpartitioned cartridge of {@code capacityBytes}, whose
     * early warning starts {@code earlyWarningBytes} before the end of a partition.
     */
    protected abstract TapeDrive loadedBlankDrive(long capacityBytes, long earlyWarningBytes);

    /** A loaded drive holding a blank cartridge whose write-protect tab is set. */
    protected abstract TapeDrive loadedWriteProtectedDrive();

    /** A drive with no cartridge at all. */
    protected abstract TapeDrive emptyDrive();

    protected static byte[] block(String text, int length) {
        byte[] bytes = new byte[length];
        byte[] label = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            bytes[i] = label[i % label.length];
        }
        return bytes;
    }

    protected static void write(TapeDrive drive, byte[] data) {
        drive.writeBlock(data, 0, data.length);
    }

    protected static byte[] read(TapeDrive drive) {
        byte[] buffer = new byte[1 << 20];
        int n = drive.readBlock(buffer);
        return Arrays.copyOf(buffer, n);
    }

    @Test
    void blankCartridgeIsAtEndOfDataAndReadingFails() {
        TapeDrive drive = loadedBlankDrive();

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
        assertThatThrownBy(() -> drive.readBlock(new byte[1024])).isInstanceOf(EndOfDataException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
        DriveStatus status = drive.status();
        assertThat(status.loaded()).isTrue();
        assertThat(status.writeProtected()).isFalse();
        assertThat(status.partitions()).isEqualTo(1);
        assertThat(status.densityCode()).isEqualTo(0x58);
        assertThat(status.position()).contains(new TapePosition(0, 0, true));
    }

    @Test
    void blocksWrittenAreReadBackAfterLocate() {
        TapeDrive drive = loadedBlankDrive();
        byte[] first = block("first", 512 * 1024);
        byte[] second = block("second", 1000);
        byte[] third = block("third", 1);

        write(drive, first);
        write(drive, second);
        write(drive, third);
        drive.writeFilemarks(1);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 4, true));

        drive.locate(0, 1);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 1, false));
        assertThat(read(drive)).isEqualTo(second);
        assertThat(read(drive)).isEqualTo(third);
        drive.rewind();
        assertThat(read(drive)).isEqualTo(first);
        assertThat(drive.position().block()).isEqualTo(1);
    }

    @Test
    void readingAFilemarkReturnsZeroAndMovesPastIt() {
        TapeDrive drive = loadedBlankDrive();
        write(drive, block("a", 100));
        drive.writeFilemarks(2);
        write(drive, block("b", 100));
        drive.rewind();

        assertThat(read(drive)).hasSize(100);
        assertThat(drive.readBlock(new byte[100])).isZero();
        assertThat(drive.position().block()).isEqualTo(2);
        assertThat(drive.readBlock(new byte[100])).isZero();
        assertThat(read(drive)).isEqualTo(block("b", 100));
        assertThatThrownBy(() -> drive.readBlock(new byte[100])).isInstanceOf(EndOfDataException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 4, true));
    }

    @Test
    void locateBeyondEndOfDataStopsAtEndOfData() {
        TapeDrive drive = loadedBlankDrive();
        write(drive, block("a", 10));
        write(drive, block("b", 10));
        drive.rewind();

        assertThatThrownBy(() -> drive.locate(0, 7)).isInstanceOf(EndOfDataException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 2, true));
        drive.locate(0, 2);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 2, true));
    }

    @Test
    void writingInTheMiddleDiscardsEverythingAfter() {
        TapeDrive drive = loadedBlankDrive();
        for (int i = 0; i < 5; i++) {
            write(drive, block("old" + i, 200));
        }
        drive.writeFilemarks(1);

        drive.locate(0, 2);
        write(drive, block("new", 300));

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 3, true));
        assertThatThrownBy(() -> drive.locate(0, 4)).isInstanceOf(EndOfDataException.class);
        assertThat(drive.position().block()).isEqualTo(3);
        drive.locate(0, 1);
        assertThat(read(drive)).isEqualTo(block("old1", 200));
        assertThat(read(drive)).isEqualTo(block("new", 300));
        assertThatThrownBy(() -> drive.readBlock(new byte[1024])).isInstanceOf(EndOfDataException.class);
        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(drive.capacity(0).totalBytes() - 700);
    }

    @Test
    void filemarksWrittenInTheMiddleAlsoDiscard() {
        TapeDrive drive = loadedBlankDrive();
        write(drive, block("a", 10));
        write(drive, block("b", 10));
        write(drive, block("c", 10));
        drive.locate(0, 1);

        drive.writeFilemarks(1);

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 2, true));
        drive.rewind();
        assertThat(read(drive)).isEqualTo(block("a", 10));
        assertThat(drive.readBlock(new byte[10])).isZero();
        assertThatThrownBy(() -> drive.readBlock(new byte[10])).isInstanceOf(EndOfDataException.class);
    }

    @Test
    void spacingOverFilemarksForwardAndBackward() {
        TapeDrive drive = loadedBlankDrive();
        // objects: 0 R, 1 R, 2 F, 3 R, 4 F, 5 R, EOD at 6
        write(drive, block("r0", 10));
        write(drive, block("r1", 10));
        drive.writeFilemarks(1);
        write(drive, block("r3", 10));
        drive.writeFilemarks(1);
        write(drive, block("r5", 10));
        drive.rewind();

        drive.spaceFilemarks(1);
        assertThat(drive.position().block()).isEqualTo(3);
        drive.spaceFilemarks(1);
        assertThat(drive.position().block()).isEqualTo(5);
        assertThat(read(drive)).isEqualTo(block("r5", 10));

        drive.spaceFilemarks(-1);
        assertThat(drive.position().block()).isEqualTo(4);
        drive.spaceToEndOfData();
        drive.spaceFilemarks(-2);
        assertThat(drive.position().block()).isEqualTo(2);
        assertThat(drive.readBlock(new byte[10])).isZero();
        assertThat(read(drive)).isEqualTo(block("r3", 10));

        drive.locate(0, 5);
        assertThatThrownBy(() -> drive.spaceFilemarks(1)).isInstanceOf(EndOfDataException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 6, true));
        assertThatThrownBy(() -> drive.spaceFilemarks(-3)).isInstanceOf(DeviceException.class);
        assertThat(drive.position().block()).isZero();
    }

    @Test
    void spaceToEndOfDataAfterRewind() {
        TapeDrive drive = loadedBlankDrive();
        write(drive, block("a", 10));
        drive.writeFilemarks(1);
        write(drive, block("b", 10));
        drive.rewind();

        drive.spaceToEndOfData();

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 3, true));
        write(drive, block("c", 10));
        drive.locate(0, 3);
        assertThat(read(drive)).isEqualTo(block("c", 10));
    }

    @Test
    void earlyWarningThenEndOfMedium() {
        TapeDrive drive = loadedBlankDrive(10_000, 2_500);
        byte[] data = block("x", 1000);

        List<Boolean> warnings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            warnings.add(drive.writeBlock(data, 0, data.length));
        }

        // remaining after each write: 9000 .. 0; early warning once fewer than 2500 bytes are left
        assertThat(warnings).containsExactly(false, false, false, false, false, false, false, true, true, true);
        assertThat(drive.capacity(0)).isEqualTo(new PartitionCapacity(10_000, 0, 2_500));
        assertThatThrownBy(() -> drive.writeBlock(data, 0, 1)).isInstanceOf(EndOfMediumException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 10, true));
        drive.locate(0, 9);
        assertThat(read(drive)).isEqualTo(data);
    }

    @Test
    void aBlockThatDoesNotFitWritesNothing() {
        TapeDrive drive = loadedBlankDrive(1_500, 100);
        write(drive, block("a", 1000));

        assertThatThrownBy(() -> write(drive, block("b", 501))).isInstanceOf(EndOfMediumException.class);

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 1, true));
        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(500);
        assertThat(drive.writeBlock(block("c", 500), 0, 500)).isTrue();
        drive.locate(0, 1);
        assertThat(read(drive)).isEqualTo(block("c", 500));
    }

    @Test
    void rewritingInTheMiddleFreesTheDiscardedSpace() {
        TapeDrive drive = loadedBlankDrive(3_000, 0);
        write(drive, block("a", 1000));
        write(drive, block("b", 1000));
        write(drive, block("c", 1000));

        drive.locate(0, 1);
        write(drive, block("d", 2000));

        assertThat(drive.capacity(0).remainingBytes()).isZero();
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 2, true));
    }

    @Test
    void writeProtectedCartridgeRefusesWritesAndFormat() {
        TapeDrive drive = loadedWriteProtectedDrive();

        assertThat(drive.status().writeProtected()).isTrue();
        assertThatThrownBy(() -> write(drive, block("a", 10))).isInstanceOf(WriteProtectedException.class);
        assertThatThrownBy(() -> drive.writeFilemarks(1)).isInstanceOf(WriteProtectedException.class);
        assertThatThrownBy(() -> drive.formatPartitions(1_000_000)).isInstanceOf(WriteProtectedException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
        assertThatThrownBy(() -> drive.readBlock(new byte[10])).isInstanceOf(EndOfDataException.class);
    }

    @Test
    void formattingMakesTwoEmptyPartitions() {
        TapeDrive drive = loadedBlankDrive(100_000, 1_000);
        write(drive, block("before", 5000));

        drive.formatPartitions(20_000);

        assertThat(drive.status().partitions()).isEqualTo(2);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
        assertThat(drive.capacity(0)).isEqualTo(new PartitionCapacity(20_000, 20_000, 1_000));
        assertThat(drive.capacity(1)).isEqualTo(new PartitionCapacity(80_000, 80_000, 1_000));
        assertThatThrownBy(() -> drive.readBlock(new byte[5000])).isInstanceOf(EndOfDataException.class);

        write(drive, block("index", 100));
        drive.writeFilemarks(1);
        drive.locate(1, 0);
        write(drive, block("data", 3000));
        drive.writeFilemarks(1);

        drive.locate(0, 0);
        assertThat(read(drive)).isEqualTo(block("index", 100));
        drive.locate(1, 0);
        assertThat(read(drive)).isEqualTo(block("data", 3000));
        assertThat(drive.position()).isEqualTo(new TapePosition(1, 1, false));
        drive.rewind();
        assertThat(drive.position()).isEqualTo(new TapePosition(1, 0, false));
        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(19_900);
        assertThat(drive.capacity(1).remainingBytes()).isEqualTo(77_000);
    }

    @Test
    void earlyWarningAndEndOfMediumArePerPartition() {
        TapeDrive drive = loadedBlankDrive(20_000, 1_500);
        drive.formatPartitions(5_000);
        byte[] data = block("i", 1000);

        List<Boolean> warnings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            warnings.add(drive.writeBlock(data, 0, data.length));
        }
        assertThat(warnings).containsExactly(false, false, false, true, true);
        assertThatThrownBy(() -> drive.writeBlock(data, 0, 1)).isInstanceOf(EndOfMediumException.class);

        // the data partition has its own end: a full index partition does not warn there
        drive.locate(1, 0);
        assertThat(drive.writeBlock(data, 0, data.length)).isFalse();
        assertThat(drive.capacity(1)).isEqualTo(new PartitionCapacity(15_000, 14_000, 1_500));
        assertThat(drive.capacity(0).remainingBytes()).isZero();
    }

    @Test
    void eachPartitionKeepsItsOwnEndOfData() {
        TapeDrive drive = loadedBlankDrive(100_000, 1_000);
        drive.formatPartitions(30_000);
        write(drive, block("p0-0", 100));
        write(drive, block("p0-1", 100));
        drive.writeFilemarks(1);
        write(drive, block("p0-3", 100));
        drive.locate(1, 0);
        write(drive, block("p1-0", 100));

        // a write in partition 1 discards nothing in partition 0
        drive.locate(0, 1);
        assertThat(read(drive)).isEqualTo(block("p0-1", 100));
        drive.spaceToEndOfData();
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 4, true));
        drive.locate(1, 0);
        drive.spaceToEndOfData();
        assertThat(drive.position()).isEqualTo(new TapePosition(1, 1, true));
        assertThatThrownBy(() -> drive.locate(1, 2)).isInstanceOf(EndOfDataException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(1, 1, true));

        // a write in the middle of partition 0 discards only partition 0's tail
        drive.locate(0, 2);
        write(drive, block("p0-new", 100));
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 3, true));
        drive.locate(1, 0);
        assertThat(read(drive)).isEqualTo(block("p1-0", 100));
    }

    @Test
    void aFilemarkAtTheStartAndTwoInARowAreObjectsOfTheirOwn() {
        TapeDrive drive = loadedBlankDrive();
        drive.writeFilemarks(1);
        write(drive, block("a", 10));
        drive.writeFilemarks(2);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 4, true));
        drive.rewind();

        assertThat(drive.readBlock(new byte[10])).isZero();
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 1, false));
        drive.spaceFilemarks(2);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 4, true));
        drive.spaceFilemarks(-1);
        assertThat(drive.position().block()).isEqualTo(3);
        assertThat(drive.readBlock(new byte[10])).isZero();
        assertThatThrownBy(() -> drive.readBlock(new byte[10])).isInstanceOf(EndOfDataException.class);
    }

    @Test
    void aWriteProtectedCartridgeStillMovesAndReportsItsCapacity() {
        TapeDrive drive = loadedWriteProtectedDrive();

        drive.rewind();
        drive.spaceToEndOfData();

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(drive.capacity(0).totalBytes());
        assertThatThrownBy(() -> drive.writeFilemarks(0)).isInstanceOf(WriteProtectedException.class);
        assertThat(drive.status().writeProtected()).isTrue();
    }

    @Test
    void aPartitionThatDoesNotExistIsRefused() {
        TapeDrive drive = loadedBlankDrive();

        assertThatThrownBy(() -> drive.locate(1, 0)).isInstanceOf(DeviceException.class)
                .isNotInstanceOf(EndOfDataException.class);
        assertThatThrownBy(() -> drive.capacity(1)).isInstanceOf(DeviceException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
    }

    @Test
    void aBufferTooSmallForTheBlockIsAnErrorAndThePositionMovesOn() {
        TapeDrive drive = loadedBlankDrive();
        write(drive, block("big", 2048));
        write(drive, block("next", 16));
        drive.rewind();

        assertThatThrownBy(() -> drive.readBlock(new byte[1024])).isInstanceOf(DeviceException.class)
                .hasMessageContaining("ILLEGAL LENGTH");

        assertThat(drive.position().block()).isEqualTo(1);
        assertThat(read(drive)).isEqualTo(block("next", 16));
    }

    @Test
    void dataSurvivesUnloadAndLoad() {
        TapeDrive drive = loadedBlankDrive();
        write(drive, block("kept", 4096));
        drive.writeFilemarks(1);

        drive.unload();
        assertThat(drive.status().loaded()).isFalse();
        assertThatThrownBy(drive::position).isInstanceOf(MediumNotPresentException.class);
        drive.load();

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, false));
        assertThat(read(drive)).isEqualTo(block("kept", 4096));
        assertThat(drive.readBlock(new byte[1])).isZero();
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 2, true));
    }

    @Test
    void writingZeroFilemarksOnlyFlushes() {
        TapeDrive drive = loadedBlankDrive();
        write(drive, block("a", 10));

        drive.writeFilemarks(0);

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 1, true));
    }

    @Test
    void capacityCountsRecordBytesOnly() {
        TapeDrive drive = loadedBlankDrive(50_000, 1_000);
        write(drive, block("a", 1234));
        drive.writeFilemarks(3);

        assertThat(drive.capacity(0).totalBytes()).isEqualTo(50_000);
        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(50_000 - 1234);
    }

    @Test
    void anEmptyDriveHasNoMedium() {
        TapeDrive drive = emptyDrive();

        assertThat(drive.status().loaded()).isFalse();
        assertThat(drive.status().position()).isEmpty();
        assertThatThrownBy(drive::load).isInstanceOf(MediumNotPresentException.class);
        assertThatThrownBy(drive::position).isInstanceOf(MediumNotPresentException.class);
        assertThatThrownBy(() -> drive.readBlock(new byte[10])).isInstanceOf(MediumNotPresentException.class);
        assertThatThrownBy(() -> write(drive, new byte[10])).isInstanceOf(MediumNotPresentException.class);
        assertThatThrownBy(drive::rewind).isInstanceOf(MediumNotPresentException.class);
    }
}
