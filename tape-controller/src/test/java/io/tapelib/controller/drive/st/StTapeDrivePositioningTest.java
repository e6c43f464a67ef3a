package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.drive.TapePosition;
import org.junit.jupiter.api.Test;

import static io.tapelib.controller.drive.st.FakeStDevice.error;
import static io.tapelib.controller.drive.st.FakeStDevice.online;
import static jnr.constants.platform.Errno.EINVAL;
import static jnr.constants.platform.Errno.EIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Moving on an st device: locate, position, space and rewind, partitions and end of data. */
class StTapeDrivePositioningTest extends StTapeDriveHarness {

    @Test
    void locateSetsThePartitionThenSeeks() {
        StTapeDrive drive = openedDrive();

        drive.locate(1, 42);

        assertThat(device.calls).containsExactly("MTSETPART 1", "MTSEEK 42");
    }

    @Test
    void locateAfterWritingFlushesWithoutAFilemarkAndRemembersEndOfData() {
        StTapeDrive drive = openedDrive();
        device.positions(3, 1);
        drive.writeBlock(new byte[100], 0, 100);

        drive.locate(0, 1);

        assertThat(device.calls).containsExactly("write 100", "MTIOCGET", "MTWEOF 0", "MTIOCGET", "MTIOCPOS",
                "MTSETPART 0", "MTSEEK 1");
        device.clearCalls();
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 1, false));
        assertThat(device.calls).containsExactly("MTIOCGET", "MTIOCPOS");
    }

    @Test
    void locateBeyondEndOfDataStopsThereAndSaysSo() {
        StTapeDrive drive = openedDrive();
        device.operation("MTSEEK", error(EIO)).positions(2);

        assertThatThrownBy(() -> drive.locate(0, 7)).isInstanceOf(EndOfDataException.class)
                .hasMessageContaining("EIO").hasMessageContaining("stopped at EOD, block 2");

        assertThat(device.calls).containsExactly("MTSETPART 0", "MTSEEK 7", "MTIOCGET", "MTIOCGET", "MTIOCPOS",
                "MTEOM 1", "MTIOCPOS");
        device.clearCalls();
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 2, true));
        assertThat(device.calls).containsExactly("MTIOCGET", "MTIOCPOS");
    }

    @Test
    void aPartitionTheCartridgeDoesNotHaveIsRefused() {
        StTapeDrive drive = openedDrive();
        device.operation("MTSETPART", error(EINVAL));

        assertThatThrownBy(() -> drive.locate(1, 0)).isInstanceOf(DeviceException.class)
                .isNotInstanceOf(EndOfDataException.class)
                .hasMessageContaining("EINVAL").hasMessageContaining("partition 1 does not exist");
        assertThat(device.calls).containsExactly("MTSETPART 1");
    }

    @Test
    void positionFindsEndOfDataOnceAndComesBack() {
        StTapeDrive drive = openedDrive();
        device.positions(5, 5, 9, 5);

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 5, false));

        assertThat(device.calls).containsExactly("MTIOCGET", "MTIOCPOS", "MTIOCGET", "MTIOCPOS", "MTEOM 1", "MTIOCPOS",
                "MTSETPART 0", "MTSEEK 5");
        device.clearCalls();
        device.positions(9);
        drive.locate(0, 9);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 9, true));
        assertThat(device.calls).containsExactly("MTSETPART 0", "MTSEEK 9", "MTIOCGET", "MTIOCPOS");
    }

    @Test
    void positionTakesThePartitionFromTheStatusAndTheBlockFromReadPosition() {
        StTapeDrive drive = openedDrive();
        device.status(online(1, Mtio.GMT_EOD)).positions(13164);

        assertThat(drive.position()).isEqualTo(new TapePosition(1, 13164, true));
    }

    @Test
    void filemarksAndSpacing() {
        StTapeDrive drive = openedDrive();

        drive.writeFilemarks(2);
        drive.writeFilemarks(0);
        device.positions(6).clearCalls();
        drive.spaceFilemarks(-2);
        drive.spaceFilemarks(3);
        drive.spaceFilemarks(0);
        drive.spaceToEndOfData();

        assertThat(device.calls).containsExactly("MTIOCGET", "MTIOCPOS", "MTBSF 2", "MTFSF 3", "MTEOM 1");
    }

    @Test
    void spacingForwardIntoEndOfDataSaysSo() {
        StTapeDrive drive = openedDrive();
        device.operation("MTFSF", error(EIO)).status(online(0, Mtio.GMT_EOD)).positions(6);

        assertThatThrownBy(() -> drive.spaceFilemarks(1)).isInstanceOf(EndOfDataException.class)
                .hasMessageContaining("block 6");
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 6, true));
    }

    @Test
    void rewindInTheSecondPartitionLocatesToItsFirstBlock() {
        StTapeDrive drive = openedDrive();
        drive.rewind();
        device.status(online(1));
        drive.rewind();

        assertThat(device.calls).containsExactly("MTIOCGET", "MTREW 1", "MTIOCGET", "MTSETPART 1", "MTSEEK 0");
    }
}
