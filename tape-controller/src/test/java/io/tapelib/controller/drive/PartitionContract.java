package io.tapelib.controller.drive;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.EndOfMediumException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.tapelib.controller.drive.TapeBlocks.block;
import static io.tapelib.controller.drive.TapeBlocks.read;
import static io.tapelib.controller.drive.TapeBlocks.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Partitions on a tape drive: formatting makes two empty ones, each with its own end of data, early warning and end
 * of medium; a partition that does not exist is refused.
 */
public interface PartitionContract extends DriveStates {

    @Test
    default void formattingMakesTwoEmptyPartitions() {
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
    default void earlyWarningAndEndOfMediumArePerPartition() {
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
    default void eachPartitionKeepsItsOwnEndOfData() {
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
    default void aPartitionThatDoesNotExistIsRefused() {
        TapeDrive drive = loadedBlankDrive();

        assertThatThrownBy(() -> drive.locate(1, 0)).isInstanceOf(DeviceException.class)
                .isNotInstanceOf(EndOfDataException.class);
        assertThatThrownBy(() -> drive.capacity(1)).isInstanceOf(DeviceException.class);
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
    }
}
