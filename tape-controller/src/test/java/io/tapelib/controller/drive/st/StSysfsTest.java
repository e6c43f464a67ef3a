package io.tapelib.controller.drive.st;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The sg node of a tape node as sysfs links it, laid out as st.rst "Sysfs Support" describes. */
class StSysfsTest {

    @Test
    void theGenericNodeIsTheSgEntryUnderTheTapeDevice(@TempDir Path root) throws IOException {
        Path device = Files.createDirectories(root.resolve("devices/host0/target0/0:0:0:0"));
        Files.createDirectories(device.resolve("scsi_generic/sg4"));
        for (String node : new String[]{"st0", "nst0"}) {
            Files.createDirectories(root.resolve("class/scsi_tape/" + node));
            Files.createSymbolicLink(root.resolve("class/scsi_tape/" + node + "/device"), device);
        }
        StSysfs sysfs = new StSysfs(root);

        assertThat(sysfs.scsiGenericName("st0")).contains("sg4");
        assertThat(sysfs.scsiGenericName("nst0")).contains("sg4");
        assertThat(sysfs.scsiGenericNode("nst0")).contains("/dev/sg4");
    }

    @Test
    void noScsiGenericDirectoryMeansNoGenericNode(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("class/scsi_tape/nst0/device"));
        StSysfs sysfs = new StSysfs(root);

        assertThat(sysfs.scsiGenericName("nst0")).isEmpty();
        assertThat(sysfs.scsiGenericNode("nst1")).isEmpty();
    }
}
