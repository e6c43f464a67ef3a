package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.library.LibraryDirectory;
import io.tapelib.controller.library.LibraryElements;
import io.tapelib.controller.library.UnitAttentionException;
import io.tapelib.controller.library.VirtualLibraryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A virtual drive's medium: what a command finds when no cartridge is threaded, and a cartridge that cannot be. */
class DriveMediumTest {

    @TempDir
    Path dir;

    private LibraryDirectory library;
    private LibraryElements elements;
    private PowerFault power;
    private DriveMedium medium;

    @BeforeEach
    void open() throws IOException {
        library = LibraryDirectory.open(dir, VirtualLibraryConfig.msl4048(), "DriveMediumTest");
        elements = library.elements();
        power = new PowerFault("virtual:drive0");
        medium = new DriveMedium(0, "virtual:drive0", elements, library.cartridges(), power,
                new TapeHead("virtual:drive0", library.timing().forDrive()));
        assertThatThrownBy(elements::readElementStatus).isInstanceOf(UnitAttentionException.class);
    }

    @AfterEach
    void close() {
        library.close();
    }

    @Test
    void aCommandIsToldWhetherTheDriveIsEmptyOrItsCartridgeOnlyNotThreaded() {
        assertThatThrownBy(medium::threaded).isInstanceOf(MediumNotPresentException.class)
                .hasMessage("virtual:drive0: NOT READY, 3A/00 MEDIUM NOT PRESENT");

        elements.moveSlotToDrive(1, 0);
        assertThatThrownBy(medium::threaded).isInstanceOf(MediumNotPresentException.class)
                .hasMessage("virtual:drive0: NOT READY, 04/02 INITIALIZING COMMAND REQUIRED: TL0001L5 is in the drive"
                        + " but not loaded");

        medium.thread();
        assertThat(medium.threaded().metadata().volumeTag()).isEqualTo("TL0001L5");
    }

    @Test
    void aCartridgeWhoseDirectoryCannotBeReadIsNotThreadedAndTheRobotMayTakeIt() throws IOException {
        elements.moveSlotToDrive(1, 0);
        try (Stream<Path> files = Files.walk(dir.resolve("cartridges/TL0001L5"))) {
            files.sorted(Comparator.reverseOrder()).forEach(DriveMediumTest::delete);
        }

        assertThatThrownBy(medium::thread).isInstanceOf(DeviceException.class)
                .hasMessageStartingWith("virtual:drive0: MEDIUM ERROR, cannot thread TL0001L5: ");

        assertThat(medium.current()).isEmpty();
        elements.moveDriveToSlot(0, 1);
        assertThat(elements.location("TL0001L5")).contains("storage element 1");
    }

    @Test
    void aClosedLibraryIsReportedBeforeALostPowerAndALostPowerBeforeAMissingCartridge() {
        power.arm(0);
        assertThatThrownBy(() -> power.beforeObject(0, 0)).hasMessageContaining("lost power");
        assertThatThrownBy(medium::threaded).hasMessageContaining("lost power");

        elements.close();
        assertThatThrownBy(medium::threaded).hasMessage("virtual:drive0: the virtual library is closed");
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
