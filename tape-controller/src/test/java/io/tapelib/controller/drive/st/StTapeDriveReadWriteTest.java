package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.TapePosition;
import org.junit.jupiter.api.Test;

import static io.tapelib.controller.drive.st.FakeStDevice.error;
import static io.tapelib.controller.drive.st.FakeStDevice.online;
import static jnr.constants.platform.Errno.EACCES;
import static jnr.constants.platform.Errno.EINVAL;
import static jnr.constants.platform.Errno.EIO;
import static jnr.constants.platform.Errno.ENOMEM;
import static jnr.constants.platform.Errno.ENOSPC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading and writing blocks on an st device: buffer sizes, filemarks, end of data, early warning, end of medium and
 * write protection.
 */
class StTapeDriveReadWriteTest extends StTapeDriveHarness {

    @Test
    void readingReturnsTheBlockWithABufferOfTheLargestBlock() {
        StTapeDrive drive = openedDrive();
        device.reads(1000);
        byte[] buffer = new byte[32 * 1024 * 1024];

        assertThat(drive.readBlock(buffer)).isEqualTo(1000);

        assertThat(device.calls).containsExactly("read " + StTapeDrive.MAX_BLOCK_BYTES);
        assertThat(new String(buffer, 0, 3)).isEqualTo("abc");
    }

    @Test
    void aReadRefusedAsTooLargeIsRetriedSmallerBeforeTheTapeMoves() {
        StTapeDrive drive = openedDrive();
        device.reads(error(EINVAL), error(EINVAL), 4096, 10);

        assertThat(drive.readBlock(new byte[StTapeDrive.MAX_BLOCK_BYTES])).isEqualTo(4096);
        assertThat(drive.readBlock(new byte[StTapeDrive.MAX_BLOCK_BYTES])).isEqualTo(10);

        assertThat(device.calls).containsExactly("read 16777215", "read 8388608", "read 4194304", "read 4194304");
    }

    @Test
    void zeroBytesIsAFilemarkUnlessTheDriverSawEndOfData() {
        StTapeDrive drive = openedDrive();
        device.reads(0, 0).status(online(0, Mtio.GMT_EOF), online(0, Mtio.GMT_EOD)).positions(4);

        assertThat(drive.readBlock(new byte[100])).isZero();
        assertThatThrownBy(() -> drive.readBlock(new byte[100])).isInstanceOf(EndOfDataException.class)
                .hasMessageContaining("block 4 of partition 0");
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 4, true));
    }

    @Test
    void aReadAtEndOfDataFailsWithEioAndIsRecognised() {
        StTapeDrive drive = openedDrive();
        device.reads(error(EIO)).positions(0);

        assertThatThrownBy(() -> drive.readBlock(new byte[1024])).isInstanceOf(EndOfDataException.class);

        assertThat(device.calls).containsExactly("read 1024", "MTIOCGET", "MTIOCGET", "MTIOCPOS", "MTEOM 1",
                "MTIOCPOS");
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
    }

    @Test
    void aReadErrorAwayFromEndOfDataIsADeviceError() {
        StTapeDrive drive = openedDrive();
        device.reads(error(EIO)).positions(3, 8);

        assertThatThrownBy(() -> drive.readBlock(new byte[1024])).isInstanceOf(DeviceException.class)
                .isNotInstanceOf(EndOfDataException.class).hasMessageContaining("EIO (Input/output error)");
        assertThat(device.calls).containsSubsequence("MTEOM 1", "MTIOCPOS", "MTSETPART 0", "MTSEEK 3");
    }

    @Test
    void aBlockLargerThanTheBufferIsAnIllegalLength() {
        StTapeDrive drive = openedDrive();
        device.reads(error(ENOMEM), 16).positions(1);

        assertThatThrownBy(() -> drive.readBlock(new byte[1024])).isInstanceOf(DeviceException.class)
                .hasMessageContaining("ILLEGAL LENGTH").hasMessageContaining("1024 bytes")
                .hasMessageContaining("ENOMEM");
        assertThat(drive.readBlock(new byte[1024])).isEqualTo(16);
    }

    @Test
    void readingAfterAWriteIsAtEndOfDataWithoutAskingTheTape() {
        StTapeDrive drive = openedDrive();
        drive.writeBlock(new byte[10], 0, 10);
        device.positions(1).clearCalls();

        assertThatThrownBy(() -> drive.readBlock(new byte[10])).isInstanceOf(EndOfDataException.class);

        assertThat(device.calls).containsExactly("MTIOCGET", "MTIOCPOS");
    }

    @Test
    void writingReportsEarlyWarningFromTheDriversEndOfTapeFlag() {
        StTapeDrive drive = openedDrive();
        device.status(online(0), online(0, Mtio.GMT_EOT));

        assertThat(drive.writeBlock(new byte[512], 0, 512)).isFalse();
        assertThat(drive.writeBlock(new byte[512], 0, 512)).isTrue();

        assertThat(device.calls).containsExactly("write 512", "MTIOCGET", "write 512", "MTIOCGET");
    }

    @Test
    void theEnospcAfterEarlyWarningIsAnsweredByWritingAgain() {
        StTapeDrive drive = openedDrive();
        device.writes(error(ENOSPC), 300);

        assertThat(drive.writeBlock(new byte[300], 0, 300)).isTrue();

        assertThat(device.calls).containsExactly("write 300", "write 300");
    }

    @Test
    void enospcTwiceIsTheEndOfThePartition() {
        StTapeDrive drive = openedDrive();
        device.writes(error(ENOSPC), error(ENOSPC));

        assertThatThrownBy(() -> drive.writeBlock(new byte[300], 0, 300)).isInstanceOf(EndOfMediumException.class)
                .hasMessageContaining("ENOSPC (No space left on device)");
    }

    @Test
    void eioAtEndOfMediumIsTheEndOfThePartitionAndOtherwiseAWriteError() {
        StTapeDrive drive = openedDrive();
        device.writes(error(EIO), error(EIO)).status(online(0, Mtio.GMT_EOT), online(0));

        assertThatThrownBy(() -> drive.writeBlock(new byte[8], 0, 8)).isInstanceOf(EndOfMediumException.class);
        assertThatThrownBy(() -> drive.writeBlock(new byte[8], 0, 8)).isInstanceOf(DeviceException.class)
                .isNotInstanceOf(EndOfMediumException.class).hasMessageContaining("write of 8 bytes failed: EIO");
    }

    @Test
    void aWriteProtectedCartridgeRefusesWritesFilemarksAndFormat() {
        StTapeDrive drive = openedDrive();
        device.writes(error(EACCES)).operation("MTWEOF", error(EACCES)).status(online(0, Mtio.GMT_WR_PROT));

        assertThatThrownBy(() -> drive.writeBlock(new byte[8], 0, 8)).isInstanceOf(WriteProtectedException.class)
                .hasMessageContaining("EACCES");
        assertThatThrownBy(() -> drive.writeFilemarks(1)).isInstanceOf(WriteProtectedException.class);
        assertThatThrownBy(() -> drive.formatPartitions(1_000_000)).isInstanceOf(WriteProtectedException.class);
        assertThat(device.calls).doesNotContain("MTMKPART -1");
    }
}
