package io.tapelib.controller.drive.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.MediumAttribute;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual drive's cartridge memory: the device-maintained VOLUME CHANGE REFERENCE (0009h) changes whenever the
 * medium is written after it was read, not when attributes are written; host attributes are kept per partition in
 * {@code attr_<partition>_<id hex>} files, in the SPC-4 attribute format, across unload and load.
 */
class VirtualCartridgeMemoryTest {

    private static final int VCR = 0x0009;

    @TempDir
    Path dir;

    private VirtualLibrary library;
    private TapeDrive drive;

    @BeforeEach
    void open() throws java.io.IOException {
        library = VirtualLibrary.open(dir.resolve("library"), VirtualLibraryConfig.msl4048().withTimeScale(0));
        library.changer().load(1, 0);
        drive = library.drives().get(0);
        drive.load();
        drive.formatPartitions(16L << 20);
    }

    @AfterEach
    void close() {
        library.close();
    }

    private long vcr() {
        MediumAttribute attribute = drive.readAttribute(0, VCR).orElseThrow();
        assertThat(attribute.value()).hasSize(4);
        return Integer.toUnsignedLong(ByteBuffer.wrap(attribute.value()).getInt());
    }

    @Test
    void theVolumeChangeReferenceChangesWhenTheMediumIsWrittenAfterItWasRead() {
        long before = vcr();
        assertThat(vcr()).as("reading changes nothing").isEqualTo(before);

        drive.locate(1, 0);
        drive.writeBlock(new byte[512], 0, 512);
        long afterBlock = vcr();
        drive.writeFilemarks(1);
        long afterFilemark = vcr();

        assertThat(afterBlock).isNotEqualTo(before).isNotZero();
        assertThat(afterFilemark).isNotEqualTo(afterBlock).isNotZero();
        assertThat(before).isNotZero().isNotEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void writingAnAttributeOrReadingTheMediumLeavesTheVolumeChangeReferenceAsItIs() {
        drive.locate(1, 0);
        drive.writeBlock(new byte[512], 0, 512);
        drive.writeFilemarks(1);
        long before = vcr();

        drive.writeAttribute(1, new MediumAttribute(0x080C, MediumAttribute.BINARY, new byte[70]));
        drive.locate(1, 0);
        drive.readBlock(new byte[1024]);

        assertThat(vcr()).isEqualTo(before);
    }

    @Test
    void theVolumeChangeReferenceAndHostAttributesSurviveUnloadAndLoadInTheReferenceBackendFiles() throws IOException {
        MediumAttribute vci = new MediumAttribute(0x080C, MediumAttribute.BINARY, new byte[] {8, 1, 2, 3});
        drive.writeAttribute(1, vci);
        drive.locate(1, 0);
        drive.writeBlock(new byte[512], 0, 512);
        drive.writeFilemarks(1);
        long written = vcr();

        drive.unload();
        drive.load();

        assertThat(vcr()).isEqualTo(written);
        assertThat(drive.readAttribute(1, 0x080C)).contains(vci);
        assertThat(drive.readAttribute(0, 0x080C)).as("attributes are per partition").isEmpty();
        Path cartridge = dir.resolve("library/cartridges/TL0001L5");
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(cartridge.resolve("attr_1_80c"))))
                .isEqualTo("080c0000040801020" + "3");
        byte[] vcrFile = Files.readAllBytes(cartridge.resolve("attr_0_9"));
        assertThat(HexFormat.of().formatHex(vcrFile, 0, 5)).isEqualTo("0009000004");
        assertThat(Integer.toUnsignedLong(ByteBuffer.wrap(vcrFile, 5, 4).getInt())).isEqualTo(written);
    }

    @Test
    void theDriveRefusesAHostWriteOfItsOwnAttributesAndAnyWriteToAProtectedCartridge() {
        assertThatThrownBy(() -> drive.writeAttribute(0, new MediumAttribute(VCR, MediumAttribute.BINARY,
                new byte[4]))).isInstanceOf(DeviceException.class).hasMessageContaining("26/00");

        drive.unload();
        library.changer().unload(0, 1);
        library.setWriteProtected("TL0001L5", true);
        library.changer().load(1, 0);
        drive.load();

        assertThatThrownBy(() -> drive.writeAttribute(0, new MediumAttribute(0x0800, MediumAttribute.ASCII,
                "TAPELIB ".getBytes()))).isInstanceOf(WriteProtectedException.class);
        assertThat(drive.readAttribute(0, VCR)).isPresent();
    }
}
