package io.tapelib.controller.library;

import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.library.TimingModel.LongitudinalPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TimingModelTest {

    private static final long CAPACITY = VirtualLibraryConfig.LTO5_NATIVE_CAPACITY_BYTES;

    @TempDir
    Path dir;

    @Test
    void locateTimeGrowsWithTheLongitudinalDistance() {
        LongitudinalPosition start = LongitudinalPosition.BEGINNING_OF_TAPE;
        LongitudinalPosition middleOfWrapZero = LongitudinalPosition.of(CAPACITY / 160, CAPACITY);
        LongitudinalPosition endOfWrapZero = LongitudinalPosition.of(CAPACITY / 80 - 1, CAPACITY);

        assertThat(TimingModel.locateSeconds(start, middleOfWrapZero)).isCloseTo(71.0, within(0.1));
        assertThat(TimingModel.locateSeconds(start, endOfWrapZero)).isCloseTo(142.0, within(0.1));
        // going back along the same wrap reverses the tape
        assertThat(TimingModel.locateSeconds(endOfWrapZero, start)).isCloseTo(144.0, within(0.1));
    }

    @Test
    void oddWrapsRunBackTowardsTheBeginningOfTape() {
        LongitudinalPosition startOfWrapOne = LongitudinalPosition.of(CAPACITY / 80, CAPACITY);
        LongitudinalPosition endOfWrapZero = LongitudinalPosition.of(CAPACITY / 80 - 1, CAPACITY);

        assertThat(startOfWrapOne.wrap()).isEqualTo(1);
        assertThat(startOfWrapOne.forward()).isFalse();
        assertThat(startOfWrapOne.fraction()).isCloseTo(1.0, within(1e-6));
        // the next wrap starts where the previous one ended: a short hop, not a full pass
        assertThat(TimingModel.locateSeconds(endOfWrapZero, startOfWrapOne)).isLessThan(3.0);
    }

    @Test
    void theLibraryChargesLoadUnloadAndRobotMovesWithoutSleepingAtScaleZero() throws IOException {
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048())) {
            long startedNanos = System.nanoTime();
            library.changer().load(1, 0);
            TapeDrive drive = library.drives().get(0);
            drive.load();
            drive.unload();
            library.changer().unload(0, 1);

            assertThat(library.timing().simulatedSeconds()).isCloseTo(
                    2 * TimingModel.ROBOT_MOVE_SECONDS + TimingModel.LOAD_SECONDS + TimingModel.UNLOAD_SECONDS,
                    within(1e-9));
            assertThat((System.nanoTime() - startedNanos) / 1e9).isLessThan(5.0);
        }
    }

    @Test
    void streamingIsChargedAt140MegabytesPerSecond() {
        TimingModel timing = new TimingModel(0.0);

        timing.stream(140_000_000L);

        assertThat(timing.simulatedSeconds()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aScaledModelSleepsTheScaledTime() {
        TimingModel timing = new TimingModel(0.001);
        long startedNanos = System.nanoTime();

        timing.robotMove(); // 20 simulated seconds, 20 ms real

        assertThat((System.nanoTime() - startedNanos) / 1e6).isGreaterThanOrEqualTo(20.0);
        assertThat(timing.simulatedSeconds()).isEqualTo(TimingModel.ROBOT_MOVE_SECONDS);
    }
}
