package io.tapelib.controller.drive.st;

import io.tapelib.controller.fixtures.SharedFixtures;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.drive.PartitionCapacity;
import io.tapelib.controller.drive.TapePosition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.tapelib.controller.drive.st.FakeStDevice.error;
import static io.tapelib.controller.drive.st.FakeStDevice.noCartridge;
import static io.tapelib.controller.drive.st.FakeStDevice.online;
import static jnr.constants.platform.Errno.EIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cartridge in an st device: format, load, unload and cleaning, and capacity and TapeAlert flags from the sg
 * node's log pages.
 */
class StTapeDriveMediumTest extends StTapeDriveHarness {

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
}
