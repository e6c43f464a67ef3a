package io.tapelib.controller.drive;

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
 * A cartridge's space on a tape drive: early warning before the end of medium, a block that does not fit writes
 * nothing, space discarded by a rewrite is free again, and the capacity counts the records' bytes only.
 */
public interface CapacityContract extends DriveStates {

    @Test
    default void earlyWarningThenEndOfMedium() {
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
    default void aBlockThatDoesNotFitWritesNothing() {
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
    default void rewritingInTheMiddleFreesTheDiscardedSpace() {
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
    default void capacityCountsRecordBytesOnly() {
        TapeDrive drive = loadedBlankDrive(50_000, 1_000);
        write(drive, block("a", 1234));
        drive.writeFilemarks(3);

        assertThat(drive.capacity(0).totalBytes()).isEqualTo(50_000);
        assertThat(drive.capacity(0).remainingBytes()).isEqualTo(50_000 - 1234);
    }
}
