package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.device.CleaningCartridgeException;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.TapeDriveContract;
import io.tapelib.controller.drive.TapePosition;
import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.tapelib.controller.drive.TapeBlocks.block;
import static io.tapelib.controller.drive.TapeBlocks.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The drive contract against the virtual library, plus what only the virtual drive can show: its files on disk. */
class VirtualTapeDriveTest implements TapeDriveContract {

    @TempDir
    Path dir;

    private final List<VirtualLibrary> opened = new ArrayList<>();

    @AfterEach
    void closeLibraries() {
        opened.forEach(VirtualLibrary::close);
    }

    private VirtualLibrary library(VirtualLibraryConfig config) {
        try {
            VirtualLibrary library = VirtualLibrary.open(dir.resolve("library" + opened.size()), config);
            opened.add(library);
            return library;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TapeDrive loadSlot(VirtualLibrary library, int slot) {
        library.changer().load(slot, 0);
        TapeDrive drive = library.drives().get(0);
        drive.load();
        return drive;
    }

    @Override
    public TapeDrive loadedBlankDrive() {
        return loadSlot(library(VirtualLibraryConfig.msl4048()), 1);
    }

    @Override
    public TapeDrive loadedBlankDrive(long capacityBytes, long earlyWarningBytes) {
        return loadSlot(library(VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(capacityBytes)
                .withEarlyWarningBytes(earlyWarningBytes)), 1);
    }

    @Override
    public TapeDrive loadedWriteProtectedDrive() {
        VirtualLibrary library = library(VirtualLibraryConfig.msl4048());
        library.setWriteProtected("TL0001L5", true);
        return loadSlot(library, 1);
    }

    @Override
    public TapeDrive emptyDrive() {
        return library(VirtualLibraryConfig.msl4048()).drives().get(0);
    }

    @Test
    void aCleaningCartridgeIsMovedButNotLoaded() {
        VirtualLibrary library = library(VirtualLibraryConfig.msl4048());
        library.changer().load(48, 0);
        TapeDrive drive = library.drives().get(0);

        assertThatThrownBy(drive::load).isInstanceOf(CleaningCartridgeException.class).hasMessageContaining("CLN001L1");

        assertThat(drive.status().loaded()).isFalse();
        assertThat(drive.status().volumeTag()).contains("CLN001L1");
        library.changer().unload(0, 48);
        assertThat(library.changer().inventory().storage().get(47).volumeTag()).contains("CLN001L1");
    }

    @Test
    void statusNamesTheThreadedCartridge() {
        VirtualLibrary library = library(VirtualLibraryConfig.msl4048());
        TapeDrive drive = loadSlot(library, 3);

        assertThat(drive.status().volumeTag()).contains("TL0003L5");
        assertThat(drive.status().blockSize()).isZero();
        assertThat(drive.name()).isEqualTo("virtual:drive0");
    }

    @Test
    void theCartridgeDirectoryHasTheReferenceBackendLayout() throws IOException {
        VirtualLibrary library = library(VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(1L << 30));
        TapeDrive drive = loadSlot(library, 1);
        drive.formatPartitions(64L << 20);
        write(drive, block("label", 80));
        drive.writeFilemarks(1);
        drive.locate(1, 0);
        write(drive, block("data0", 4096));
        write(drive, block("data1", 100));
        drive.writeFilemarks(1);
        drive.unload();

        Path cartridge = dir.resolve("library0/cartridges/TL0001L5");
        assertThat(names(cartridge)).contains("0_0_R", "0_1_F", "0_2_E", "1_0_R", "1_1_R", "1_2_F", "1_3_E",
                "cartridge.json", "filedebug_tc_conf.xml", "attr_0_806", "attr_0_0", "attr_0_1", "attr_1_0", "attr_1_1");
        assertThat(names(cartridge).stream().filter(n -> n.matches("\\d+_\\d+_[RFE]")))
                .hasSize(7);
        assertThat(Files.readAllBytes(cartridge.resolve("1_0_R"))).isEqualTo(block("data0", 4096));
        assertThat(Files.size(cartridge.resolve("1_2_F"))).isZero();
        String conf = Files.readString(cartridge.resolve("filedebug_tc_conf.xml"));
        assertThat(conf).contains("<filedebug_cartridge_config>", "<capacity_mb>1024</capacity_mb>",
                "<cart_type>L5</cart_type>", "<density_code>58</density_code>", "<emulate_readonly>false</emulate_readonly>");
        // MAM barcode attribute: id 0806h, ASCII, 32 bytes, then the label padded with spaces (SPC-4 7.4.2.1)
        byte[] barcode = Files.readAllBytes(cartridge.resolve("attr_0_806"));
        assertThat(barcode).hasSize(37);
        assertThat(new String(barcode, 5, 32, java.nio.charset.StandardCharsets.US_ASCII).trim()).isEqualTo("TL0001L5");
    }

    @Test
    void aRewriteInTheMiddleDeletesTheDiscardedObjectFiles() throws IOException {
        VirtualLibrary library = library(VirtualLibraryConfig.msl4048());
        TapeDrive drive = loadSlot(library, 1);
        for (int i = 0; i < 4; i++) {
            write(drive, block("b" + i, 64));
        }
        drive.writeFilemarks(1);
        drive.locate(0, 1);
        write(drive, block("new", 64));
        drive.writeFilemarks(0);

        Path cartridge = dir.resolve("library0/cartridges/TL0001L5");
        assertThat(names(cartridge).stream().filter(n -> n.matches("\\d+_\\d+_[RFE]")))
                .containsExactlyInAnyOrder("0_0_R", "0_1_R", "0_2_E");
        assertThat(Files.readAllBytes(cartridge.resolve("0_1_R"))).isEqualTo(block("new", 64));
    }

    @Test
    void aCartridgeWhoseEndOfDataFileWasLostEndsAtItsLastObject() throws IOException {
        VirtualLibraryConfig config = VirtualLibraryConfig.msl4048();
        Path libraryDir = dir.resolve("crashed");
        try (VirtualLibrary library = VirtualLibrary.open(libraryDir, config)) {
            TapeDrive drive = loadSlot(library, 1);
            write(drive, block("a", 10));
            write(drive, block("b", 10));
            drive.writeFilemarks(1);
        }
        Path cartridge = libraryDir.resolve("cartridges/TL0001L5");
        // a crash between writing record 3 and moving EOD leaves the EOD file missing after the record
        Files.delete(cartridge.resolve("0_3_E"));
        Files.write(cartridge.resolve("0_3_R"), block("c", 10));
        Files.write(cartridge.resolve("0_9_R"), block("stray", 10));

        try (VirtualLibrary library = VirtualLibrary.open(libraryDir, config)) {
            TapeDrive drive = library.drives().get(0);
            drive.load();
            drive.spaceToEndOfData();
            assertThat(drive.position()).isEqualTo(new TapePosition(0, 4, true));
            assertThat(names(cartridge)).contains("0_4_E").doesNotContain("0_9_R");
        }
    }

    @Test
    void halfMebibyteBlocksAreFoundByLocateAfterTheCartridgeIsThreadedAgain() {
        VirtualLibrary library = library(VirtualLibraryConfig.msl4048());
        TapeDrive drive = loadSlot(library, 1);
        byte[] data = new byte[512 * 1024];
        int blocks = 256; // 128 MiB keeps the test fast; a 1 GiB file is the same with 2048 blocks
        for (int i = 0; i < blocks; i++) {
            data[0] = (byte) i;
            write(drive, data);
        }
        drive.writeFilemarks(1);
        drive.unload();
        drive.load();

        drive.locate(0, blocks - 1);
        byte[] buffer = new byte[512 * 1024];
        assertThat(drive.readBlock(buffer)).isEqualTo(512 * 1024);
        assertThat(buffer[0]).isEqualTo((byte) (blocks - 1));
        double streamed = (blocks + 1) * 512.0 * 1024 / TimingModel.STREAMING_BYTES_PER_SECOND;
        assertThat(library.timing().simulatedSeconds()).isGreaterThan(
                TimingModel.ROBOT_MOVE_SECONDS + 2 * TimingModel.LOAD_SECONDS + TimingModel.UNLOAD_SECONDS + streamed);
    }

    @Test
    void aPowerLossStopsTheDriveAfterTheArmedObjectsAndLeavesTheCartridgeAsWritten() throws IOException {
        VirtualLibrary library = library(VirtualLibraryConfig.msl4048());
        VirtualTapeDrive drive = (VirtualTapeDrive) loadSlot(library, 1);
        write(drive, block("r0", 100));
        drive.losePowerAfter(2);
        write(drive, block("r1", 100));
        drive.writeFilemarks(1);

        assertThatThrownBy(() -> write(drive, block("r3", 100)))
                .isInstanceOf(io.tapelib.controller.device.DeviceException.class)
                .hasMessageContaining("lost power");
        assertThatThrownBy(drive::position).hasMessageContaining("lost power");
        assertThatThrownBy(drive::unload).hasMessageContaining("lost power");
        Path cartridge = dir.resolve("library0/cartridges/TL0001L5");
        assertThat(names(cartridge).stream().filter(n -> n.matches("\\d+_\\d+_[RFE]")))
                .containsExactlyInAnyOrder("0_0_R", "0_1_R", "0_2_F", "0_3_E");

        drive.restorePower();

        assertThat(drive.position()).isEqualTo(new TapePosition(0, 0, false));
        byte[] buffer = new byte[100];
        assertThat(drive.readBlock(buffer)).isEqualTo(100);
        assertThat(buffer).isEqualTo(block("r0", 100));
        assertThat(drive.readBlock(buffer)).isEqualTo(100);
        assertThat(buffer).isEqualTo(block("r1", 100));
        assertThat(drive.readBlock(buffer)).isZero();
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 3, true));
        // disarmed: writing goes on
        write(drive, block("r3", 100));
        assertThat(drive.position().block()).isEqualTo(4);
    }

    @Test
    void aPowerLossLeavesTheRecordsTheDriveStillBufferedOnTheCartridge() throws IOException {
        VirtualLibrary library = library(VirtualLibraryConfig.msl4048());
        VirtualTapeDrive drive = (VirtualTapeDrive) loadSlot(library, 1);
        for (int i = 0; i < RecordWriteBehind.DEPTH; i++) {
            write(drive, block("r" + i, 512 * 1024));
        }
        drive.losePowerAfter(0);

        assertThatThrownBy(() -> write(drive, block("lost", 100))).hasMessageContaining("lost power");

        Path cartridge = dir.resolve("library0/cartridges/TL0001L5");
        assertThat(names(cartridge).stream().filter(n -> n.matches("\\d+_\\d+_[RFE]")))
                .containsExactlyInAnyOrder("0_0_R", "0_1_R", "0_2_R", "0_3_R", "0_4_E");
        for (int i = 0; i < RecordWriteBehind.DEPTH; i++) {
            assertThat(Files.readAllBytes(cartridge.resolve("0_" + i + "_R"))).isEqualTo(block("r" + i, 512 * 1024));
        }
    }

    @Test
    void aBufferedRecordThatCannotBeWrittenFailsALaterCommandAndTheCartridgeEndsBeforeIt() throws IOException {
        VirtualLibrary library = library(VirtualLibraryConfig.msl4048());
        TapeDrive drive = loadSlot(library, 1);
        write(drive, block("r0", 4096));
        drive.writeFilemarks(0);
        Path cartridge = dir.resolve("library0/cartridges/TL0001L5");
        // a directory where record 1's file is to go: its write fails (EISDIR) after the drive took the record
        Files.createDirectory(cartridge.resolve("0_1_R"));

        write(drive, block("r1", 4096));
        assertThatThrownBy(() -> {
            write(drive, block("r2", 4096));
            drive.writeFilemarks(1);
        }).isInstanceOf(io.tapelib.controller.device.DeviceException.class).hasMessageContaining("WRITE ERROR");

        assertThat(names(cartridge)).contains("0_0_R", "0_1_E").doesNotContain("0_2_R", "0_2_E", "0_3_F");
        drive.spaceToEndOfData();
        assertThat(drive.position()).isEqualTo(new TapePosition(0, 1, true));
        Files.delete(cartridge.resolve("0_1_R"));
        write(drive, block("again", 4096));
        drive.writeFilemarks(1);
        assertThat(Files.readAllBytes(cartridge.resolve("0_1_R"))).isEqualTo(block("again", 4096));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
