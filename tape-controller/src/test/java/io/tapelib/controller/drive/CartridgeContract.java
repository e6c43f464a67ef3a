package io.tapelib.controller.drive;

import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import org.junit.jupiter.api.Test;

import static io.tapelib.controller.drive.TapeBlocks.block;
import static io.tapelib.controller.drive.TapeBlocks.read;
import static io.tapelib.controller.drive.TapeBlocks.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cartridge in a tape drive: a write-protected one refuses writes and format but still moves and reports its
 * capacity, data survives unload and load, and an empty drive has no medium.
 */
public interface CartridgeContract extends DriveStates {

    @Test
    default void writeProtectedCartridgeRefusesWritesAndFormat() {
        TapeDrive drive = loadedWriteProtectedDrive();

        assertThat(drive.status().writeProtected()).isTrue();
        assertThatThrownBy(() -> write(drive, block("a", 10))).isInstanceOf(WriteProtectedException.class);
        assertThatThrownBy(() -> drive.writeFilemarks(1)).isInstanceOf(WriteProtectedException.class);
        assertThatThrownBy(() -> drive.formatPartitions(1_000_000)).isInstanceOf(WriteProtectedException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
        assertThatThrownBy(() -> drive.readBlock(new byte[10])).isInstanceOf(EndOfDataException.class);
    }

    @Test
    default void aWriteProtectedCartridgeStillMovesAndReportsItsCapacity() {
        TapeDrive drive = loadedWriteProtectedDrive();

        drive.rewind();
        drive.spaceToEndOfData();

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(drive.capacity(0).totalBytes());
        assertThatThrownBy(() -> drive.writeFilemarks(0)).isInstanceOf(WriteProtectedException.class);
        assertThat(drive.status().writeProtected()).isTrue();
    }

    @Test
    default void dataSurvivesUnloadAndLoad() {
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
    default void anEmptyDriveHasNoMedium() {
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
