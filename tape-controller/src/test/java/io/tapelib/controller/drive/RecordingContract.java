package io.tapelib.controller.drive;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import org.junit.jupiter.api.Test;

import static io.tapelib.controller.drive.TapeBlocks.block;
import static io.tapelib.controller.drive.TapeBlocks.read;
import static io.tapelib.controller.drive.TapeBlocks.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recording on a tape drive (SSC-4 as the port describes it): blocks and filemarks written are read back in order after
 * locate, rewind and space; writing in the middle discards everything after; end of data stops reads and locates.
 */
public interface RecordingContract extends DriveStates {

    @Test
    default void blankCartridgeIsAtEndOfDataAndReadingFails() {
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
    default void blocksWrittenAreReadBackAfterLocate() {
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
    default void readingAFilemarkReturnsZeroAndMovesPastIt() {
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
    default void locateBeyondEndOfDataStopsAtEndOfData() {
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
    default void writingInTheMiddleDiscardsEverythingAfter() {
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
    default void filemarksWrittenInTheMiddleAlsoDiscard() {
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
    default void spacingOverFilemarksForwardAndBackward() {
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
    default void spaceToEndOfDataAfterRewind() {
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
    default void aFilemarkAtTheStartAndTwoInARowAreObjectsOfTheirOwn() {
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
    default void aBufferTooSmallForTheBlockIsAnErrorAndThePositionMovesOn() {
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
    default void writingZeroFilemarksOnlyFlushes() {
        TapeDrive drive = loadedBlankDrive();
        write(drive, block("a", 10));

        drive.writeFilemarks(0);

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 1, true));
    }
}
