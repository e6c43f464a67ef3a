package io.tapelib.controller.drive.st;

import io.tapelib.controller.fixtures.SharedFixtures;

import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.drive.PartitionCapacity;
import io.tapelib.controller.drive.TapePosition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static io.tapelib.controller.drive.st.FakeStDevice.error;
import static io.tapelib.controller.drive.st.FakeStDevice.noCartridge;
import static io.tapelib.controller.drive.st.FakeStDevice.online;
import static jnr.constants.platform.Errno.EACCES;
import static jnr.constants.platform.Errno.EBUSY;
import static jnr.constants.platform.Errno.EINVAL;
import static jnr.constants.platform.Errno.EIO;
import static jnr.constants.platform.Errno.ENOMEM;
import static jnr.constants.platform.Errno.ENOSPC;
import static jnr.constants.platform.Errno.EPERM;
import static jnr.constants.platform.Errno.EROFS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The system calls each port method issues, and how the driver's answers become the port's results and errors. */
class StTapeDriveTest {

    /** O_RDWR | O_NONBLOCK | O_CLOEXEC on Linux (x86_64 and aarch64). */
    private static final String OPEN_READ_WRITE = "open /dev/nst0 0x80802";
    private static final String ENABLE_OPTIONS = "MTSETDRVBUFFER 0x30000c00";

    private final FakeStDevice device = new FakeStDevice().status(online(0)).positions(0);
    private final Deque<CommandResult> commandResults = new ArrayDeque<>();
    private final List<List<String>> commands = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final ManualClock clock = new ManualClock();
    private StSysfs sysfs;

    @BeforeEach
    void sysfs(@TempDir Path root) throws IOException {
        Path tape = root.resolve("class/scsi_tape/nst0");
        Files.createDirectories(tape.resolve("device/scsi_generic/sg3"));
        sysfs = new StSysfs(root);
    }

    private StTapeDrive drive() {
        return StTapeDrive.open("/dev/nst0", device, sysfs, (command, timeout) -> {
            commands.add(command);
            return commandResults.poll();
        }, clock, duration -> {
            pauses.add(duration);
            clock.advance(duration);
        }, Duration.ofSeconds(300));
    }

    private StTapeDrive openedDrive() {
        StTapeDrive drive = drive();
        device.clearCalls();
        return drive;
    }

    @Test
    void openingEnablesPartitionsAndLogicalBlocksAndSetsVariableBlockMode() {
        drive();

        assertThat(device.calls).containsExactly(OPEN_READ_WRITE, ENABLE_OPTIONS, "MTIOCGET", "MTSETBLK 0");
    }

    @Test
    void openingAnEmptyDriveLeavesTheBlockModeForTheNextLoad() {
        device.status(noCartridge());

        drive();

        assertThat(device.calls).containsExactly(OPEN_READ_WRITE, ENABLE_OPTIONS, "MTIOCGET");
    }

    @Test
    void aDriveOpenedByAnotherProcessIsBusy() {
        device.opens(error(EBUSY));

        assertThatThrownBy(this::drive).isInstanceOf(DeviceBusyException.class)
                .hasMessageContaining("/dev/nst0").hasMessageContaining("EBUSY")
                .hasMessageContaining("device in use by another process");
    }

    @Test
    void aWriteProtectedCartridgeRefusedForWritingIsOpenedReadOnly() {
        device.opens(error(EROFS), 7).status(online(0, Mtio.GMT_WR_PROT));
        commandResults.add(capacityPage());

        StTapeDrive drive = drive();

        assertThat(device.calls).startsWith(OPEN_READ_WRITE, "open /dev/nst0 0x80800");
        assertThat(drive.status().writeProtected()).isTrue();
    }

    @Test
    void withoutRootTheOptionsMustAlreadyBeSet(@TempDir Path root) throws IOException {
        Path tape = Files.createDirectories(root.resolve("class/scsi_tape/nst0"));
        sysfs = new StSysfs(root);
        device.operation("MTSETDRVBUFFER", error(EPERM), error(EPERM));

        Files.writeString(tape.resolve("options"), "0x00000d00\n");
        drive().close();

        Files.writeString(tape.resolve("options"), "0x00000100\n");
        assertThatThrownBy(this::drive).isInstanceOf(DeviceException.class)
                .hasMessageContaining("EPERM").hasMessageContaining("stsetoptions can-partitions scsi2logical");
        assertThat(device.calls).endsWith("close 7");
    }

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

    @Test
    void formattingMakesPartitionZeroOfTheIndexSizeInMegabytes() {
        StTapeDrive drive = openedDrive();

        drive.formatPartitions(37_500_000_001L);

        assertThat(device.calls).containsExactly("MTIOCGET", "MTMKPART -37501", "MTSETBLK 0");
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
        assertThat(drive.status().partitions()).isEqualTo(2);
        assertThatThrownBy(() -> drive.formatPartitions(65_536_000_000L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadWaitsUntilTheDriveIsOnline() {
        StTapeDrive drive = openedDrive();
        device.status(noCartridge(), noCartridge(), online(0));

        drive.load();

        assertThat(device.calls).containsExactly("MTLOAD 1", "MTIOCGET", "close 7", OPEN_READ_WRITE, "MTIOCGET",
                "close 7", OPEN_READ_WRITE, "MTIOCGET", "MTSETBLK 0");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void loadGivesUpAfterTheOnlineTimeout() {
        StTapeDrive drive = openedDrive();
        device.status(new MtStatus(0x72, 0, 0, 0, 0, -1, -1));

        assertThatThrownBy(drive::load).isInstanceOf(DeviceException.class)
                .hasMessageContaining("not ready 300 s after MTLOAD");
        assertThat(pauses).hasSize(300);
    }

    @Test
    void loadingAnEmptyDriveFindsNoMedium() {
        device.status(noCartridge());
        StTapeDrive drive = openedDrive();
        device.operation("MTLOAD", error(EIO));

        assertThatThrownBy(drive::load).isInstanceOf(MediumNotPresentException.class)
                .hasMessageContaining("MEDIUM NOT PRESENT");
        assertThatThrownBy(drive::position).isInstanceOf(MediumNotPresentException.class);
        assertThat(drive.status().loaded()).isFalse();
        assertThat(drive.status().position()).isEmpty();
    }

    @Test
    void mediumOperationsWithoutACartridgeAreMediumNotPresent() {
        device.status(noCartridge());
        StTapeDrive drive = openedDrive();
        device.reads(error(EIO)).writes(error(EIO));

        assertThatThrownBy(() -> drive.readBlock(new byte[10])).isInstanceOf(MediumNotPresentException.class);
        assertThatThrownBy(() -> drive.writeBlock(new byte[10], 0, 10)).isInstanceOf(MediumNotPresentException.class);
        assertThatThrownBy(drive::rewind).isInstanceOf(MediumNotPresentException.class);
    }

    @Test
    void unloadFlushesWrittenBlocksThenUnloads() {
        StTapeDrive drive = openedDrive();
        drive.writeBlock(new byte[10], 0, 10);

        drive.unload();

        assertThat(device.calls).containsExactly("write 10", "MTIOCGET", "MTWEOF 0", "MTUNLOAD 1");
    }

    @Test
    void capacityComesFromTheTapeCapacityLogPageOfTheSgNode() {
        StTapeDrive drive = openedDrive();
        commandResults.add(capacityPage());
        commandResults.add(capacityPage());

        assertThat(drive.capacity(0)).isEqualTo(new PartitionCapacity(5_722_045L << 20, 265_719L << 20,
                StTapeDrive.EARLY_WARNING_BYTES));
        assertThatThrownBy(() -> drive.capacity(1)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("partition 1 does not exist");
        assertThat(commands).containsOnly(List.of("sg_logs", "--page=0x31", "/dev/sg3"));
    }

    @Test
    void aUnitAttentionFromSgLogsIsAskedAgain() {
        StTapeDrive drive = openedDrive();
        commandResults.add(new CommandResult(List.of("sg_logs"), 6, "",
                SharedFixtures.hardwareText("sg_logs-p0c-hp-ultrium5-unit-attention.txt")));
        commandResults.add(capacityPage());

        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(265_719L << 20);
        assertThat(commands).hasSize(2);
    }

    @Test
    void sgLogsFailingTwiceQuotesItsWords() {
        StTapeDrive drive = openedDrive();
        CommandResult attention = new CommandResult(List.of("sg_logs"), 6, "",
                SharedFixtures.hardwareText("sg_logs-p0c-hp-ultrium5-unit-attention.txt"));
        commandResults.add(attention);
        commandResults.add(attention);

        assertThatThrownBy(() -> drive.capacity(0)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("/dev/sg3").hasMessageContaining("exited with 6")
                .hasMessageContaining("Mode parameters changed");
    }

    @Test
    void cleanWaitsUntilTheDriveHasEjectedTheCleaningCartridge() {
        StTapeDrive drive = openedDrive();
        // the drive runs its cleaning cycle by itself: busy (no bits) for a while, then the door opens
        MtStatus cleaning = new MtStatus(0x72, 0, 0, 0, 0, -1, -1);
        device.status(cleaning, cleaning, noCartridge());

        drive.clean();

        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(device.calls).doesNotContain("MTLOAD 1");
    }

    @Test
    void aCleaningCartridgeNeverEjectedFailsAfterTheOnlineTimeout() {
        StTapeDrive drive = openedDrive();
        device.status(new MtStatus(0x72, 0, 0, 0, 0, -1, -1));

        assertThatThrownBy(drive::clean).isInstanceOf(DeviceException.class)
                .hasMessageContaining("cleaning cartridge was not ejected 300 s after");
    }

    @Test
    void tapeAlertsComeFromTheTapeAlertLogPageOfTheSgNode() {
        StTapeDrive drive = openedDrive();
        commandResults.add(new CommandResult(List.of("sg_logs"), 0,
                "Tape alert page (ssc-3) [0x2e]\n  Cleaning required: 1\n  Cleaning requested: 0\n", ""));

        assertThat(drive.tapeAlerts().cleaningRequested()).isTrue();
        assertThat(commands).containsExactly(List.of("sg_logs", "--page=0x2e", "/dev/sg3"));
    }

    @Test
    void closeFlushesWithoutTheFilemarkStWouldAdd() {
        StTapeDrive drive = openedDrive();
        drive.writeBlock(new byte[10], 0, 10);

        drive.close();
        drive.close();

        assertThat(device.calls).containsExactly("write 10", "MTIOCGET", "MTWEOF 0", "close 7");
    }

    private static CommandResult capacityPage() {
        return new CommandResult(List.of("sg_logs"), 0,
                SharedFixtures.hardwareText("sg_logs-p31-tape-capacity-hp-ultrium7.txt"), "");
    }

    /** A clock that moves only when told. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
