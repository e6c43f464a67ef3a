package io.tapelib.controller.library;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.TapePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtualLibraryTest {

    @TempDir
    Path dir;

    @Test
    void aReopenedLibraryHasTheSameElementsAndData() throws IOException {
        byte[] label = "VOL1 written before the restart".getBytes(StandardCharsets.US_ASCII);
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048().withDrives(2))) {
            library.changer().transfer(2, 49);
            library.changer().load(3, 1);
            TapeDrive drive = library.drives().get(1);
            drive.load();
            drive.writeBlock(label, 0, label.length);
            drive.writeFilemarks(1);
        }

        // the configuration's geometry is ignored for an existing library
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048().withDrives(4))) {
            Inventory inventory = library.changer().inventory();
            assertThat(library.drives()).hasSize(2);
            assertThat(inventory.importExport().get(0).volumeTag()).contains("TL0002L5");
            assertThat(inventory.storage().get(1).full()).isFalse();
            Element drive1 = inventory.dataTransfer().get(1);
            assertThat(drive1.volumeTag()).contains("TL0003L5");
            assertThat(drive1.sourceSlot()).isEqualTo(OptionalInt.of(3));

            TapeDrive drive = library.drives().get(1);
            assertThat(drive.status().loaded()).isFalse();
            drive.load();
            byte[] buffer = new byte[1024];
            int n = drive.readBlock(buffer);
            assertThat(Arrays.copyOf(buffer, n)).isEqualTo(label);
            drive.unload();
            library.changer().unload(1, 3);
        }
        assertThat(Files.readString(dir.resolve("library.json"))).contains("TL0003L5", "TL0002L5");
    }

    @Test
    void aLibraryDirectoryIsOpenedByOneOwnerAtATime() throws IOException {
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048())) {
            assertThatThrownBy(() -> VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048()))
                    .isInstanceOf(LibraryInUseException.class)
                    .hasMessageContaining("the tape library " + dir + " is in use by tape-controller ")
                    .hasMessageContaining(", pid " + ProcessHandle.current().pid() + ", since ");
            assertThat(library.changer().inventory().storage()).hasSize(48);
        }
        try (VirtualLibrary again = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048())) {
            assertThat(again.changer().inventory().storage().get(0).volumeTag()).contains("TL0001L5");
        }
    }

    @Test
    void aClosedLibraryRefusesOperations() throws IOException {
        VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048());
        library.close();

        assertThatThrownBy(() -> library.changer().load(1, 0)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> library.drives().get(0).load()).isInstanceOf(DeviceException.class);
    }

    @Test
    void anOperatorInsertsABlankCartridge() throws IOException {
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048()
                .withCartridgeCapacityBytes(5_000_000).withEarlyWarningBytes(0))) {
            library.insertCartridge("NEW001L5", 50);

            assertThat(library.changer().inventory().importExport().get(1).volumeTag()).contains("NEW001L5");
            library.changer().load(50, 0);
            TapeDrive drive = library.drives().get(0);
            drive.load();
            assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, true));
            assertThat(drive.capacity(0).totalBytes()).isEqualTo(5_000_000);
            assertThat(dir.resolve("cartridges/NEW001L5/0_0_E")).exists();
        }
    }

    @Test
    void insertingIntoAFullOrMissingSlotOrADuplicateIsRefused() throws IOException {
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048())) {
            assertThatThrownBy(() -> library.insertCartridge("NEW001L5", 1)).isInstanceOf(DestinationFullException.class);
            assertThatThrownBy(() -> library.insertCartridge("NEW001L5", 52)).isInstanceOf(UnknownElementException.class);
            assertThatThrownBy(() -> library.insertCartridge("TL0001L5", 20)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> library.insertCartridge("../etc", 20)).isInstanceOf(IllegalArgumentException.class);

            assertThat(dir.resolve("cartridges/NEW001L5")).doesNotExist();
            assertThat(library.changer().inventory().find("NEW001L5")).isEmpty();
        }
    }

    @Test
    void writeProtectionIsSetOutsideTheDriveAndSurvivesAReopen() throws IOException {
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048())) {
            library.setWriteProtected("TL0004L5", true);
            library.changer().load(4, 0);
            assertThatThrownBy(() -> library.setWriteProtected("TL0004L5", false))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> library.setWriteProtected("NOPE01L5", true))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.readString(dir.resolve("cartridges/TL0004L5/filedebug_tc_conf.xml")))
                .contains("<emulate_readonly>true</emulate_readonly>");
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048())) {
            TapeDrive drive = library.drives().get(0);
            drive.load();
            assertThat(drive.status().writeProtected()).isTrue();
            assertThatThrownBy(() -> drive.writeBlock(new byte[10], 0, 10)).isInstanceOf(WriteProtectedException.class);
            drive.unload();
            library.changer().unload(0, 4);
            library.setWriteProtected("TL0004L5", false);
            library.changer().load(4, 0);
            drive.load();
            assertThat(drive.writeBlock(new byte[10], 0, 10)).isFalse();
        }
    }

    @Test
    void theMsl4048Configuration() {
        VirtualLibraryConfig config = VirtualLibraryConfig.msl4048();

        assertThat(config).isEqualTo(new VirtualLibraryConfig(48, 3, 1, 8, 1, 1_500_000_000_000L, 30L << 20, 0.0));
        assertThat(config.withDrives(4).drives()).isEqualTo(4);
        assertThat(config.withDrives(4).storageSlots()).isEqualTo(48);
        assertThat(config.withInitialCartridges(20).initialCartridges()).isEqualTo(20);
        assertThat(config.withCleaningCartridges(0).cleaningCartridges()).isZero();
        assertThat(config.withTimeScale(1.0).timeScale()).isEqualTo(1.0);
        assertThat(config.withCartridgeCapacityBytes(1000).cartridgeCapacityBytes()).isEqualTo(1000);
        assertThat(config.withEarlyWarningBytes(7).earlyWarningBytes()).isEqualTo(7);
        assertThat(VirtualLibraryConfig.dataVolumeTag(8)).isEqualTo("TL0008L5");
        assertThat(VirtualLibraryConfig.cleaningVolumeTag(1)).isEqualTo("CLN001L1");
    }

    @Test
    void impossibleConfigurationsAreRefused() {
        VirtualLibraryConfig config = VirtualLibraryConfig.msl4048();

        assertThatThrownBy(() -> config.withDrives(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withInitialCartridges(48)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("48 storage slots");
        assertThatThrownBy(() -> config.withTimeScale(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withCartridgeCapacityBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLibraryWithSeveralCleaningCartridgesFillsTheLastSlots() throws IOException {
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048().withCleaningCartridges(2))) {
            Inventory inventory = library.changer().inventory();
            assertThat(inventory.storage().get(47).volumeTag()).contains("CLN001L1");
            assertThat(inventory.storage().get(46).volumeTag()).contains("CLN002L1");
        }
    }

    @Test
    void aStateFileNamingAMissingCartridgeIsReported() throws IOException {
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048())) {
            assertThat(library.changer().inventory().storage()).hasSize(48);
        }
        Files.delete(dir.resolve("cartridges/TL0005L5/cartridge.json"));

        assertThatThrownBy(() -> VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048()))
                .isInstanceOf(IOException.class).hasMessageContaining("TL0005L5").hasMessageContaining("storage element 5");
        Files.writeString(dir.resolve("cartridges/TL0005L5/cartridge.json"),
                "{\"volumeTag\":\"TL0005L5\",\"capacityBytes\":1000,\"partitionBytes\":[1000],\"writeProtected\":false}");
        try (VirtualLibrary library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048())) {
            assertThat(library.changer().inventory().storage().get(4).volumeTag()).contains("TL0005L5");
        }
    }
}
