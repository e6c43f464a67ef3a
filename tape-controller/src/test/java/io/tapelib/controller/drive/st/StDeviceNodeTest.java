package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StDeviceNodeTest {

    @Test
    void rewindingNodesMapToTheirNonRewindingTwins() {
        assertThat(StTapeDrive.nonRewindingNode("/dev/st0")).isEqualTo("/dev/nst0");
        assertThat(StTapeDrive.nonRewindingNode("/dev/st12l")).isEqualTo("/dev/nst12l");
        assertThat(StTapeDrive.nonRewindingNode("/dev/nst0")).isEqualTo("/dev/nst0");
        assertThat(StTapeDrive.nonRewindingNode("/dev/tape/by-id/scsi-35000e11156304001-nst"))
                .isEqualTo("/dev/tape/by-id/scsi-35000e11156304001-nst");
        assertThat(StTapeDrive.nonRewindingNode("/dev/sg1")).isEqualTo("/dev/sg1");
    }

    @Test
    void deviceNumbersDecodeAsGlibcDoes() {
        // /dev/nst0 is 9:128; a large minor spreads over bits 0-7 and 20-31
        assertThat(StDeviceNode.major(0x980L)).isEqualTo(9);
        assertThat(StDeviceNode.minor(0x980L)).isEqualTo(128);
        assertThat(StDeviceNode.minor(0x12300980L)).isEqualTo(0x12380);
    }

    @Test
    void aCharacterDeviceOfAnotherDriverIsRefusedByName() {
        assertThatThrownBy(() -> StTapeDrive.open("/dev/null", Duration.ofSeconds(1)))
                .isInstanceOf(DeviceException.class)
                .hasMessageStartingWith("/dev/null: ")
                .hasMessageContaining("character device 1:3").hasMessageContaining("major 9");
    }

    @Test
    void aRegularFileOrAMissingPathIsRefusedByName(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("st0"));

        assertThatThrownBy(() -> StTapeDrive.open(file.toString(), Duration.ofSeconds(1)))
                .isInstanceOf(DeviceException.class).hasMessageStartingWith(file + ": ")
                .hasMessageContaining("no non-rewinding node");
        Path nst = Files.createFile(dir.resolve("nst0"));
        assertThatThrownBy(() -> StTapeDrive.open(nst.toString(), Duration.ofSeconds(1)))
                .isInstanceOf(DeviceException.class).hasMessageContaining("is not a character device");
        assertThatThrownBy(() -> StTapeDrive.open("/dev/nst97", Duration.ofSeconds(1)))
                .isInstanceOf(DeviceException.class).hasMessage("/dev/nst97: no such device node");
    }
}
