package io.tapelib.controller.cli;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tape-controller doctor} on a machine with no tape hardware (empty sysfs and /dev trees). */
@QuarkusMainTest
@TestProfile(DoctorNoDevicesProfile.class)
class DoctorNoDevicesCommandTest {

    @TempDir
    Path dir;

    @Test
    void withNoDevicesItSaysSoAndExitsNonZero(QuarkusMainLauncher launcher) throws Exception {
        Path sys = Files.createDirectories(dir.resolve("sys"));
        Path dev = Files.createDirectories(dir.resolve("dev"));

        LaunchResult result = launcher.launch("doctor", "--sysfs-root", sys.toString(), "--dev-root", dev.toString());

        assertThat(result.exitCode()).as(result.getOutput()).isEqualTo(1);
        assertThat(result.getOutput())
                .contains("TAPE_CHANGER=/dev/sg1")
                .contains("TAPE_DRIVES=0=/dev/st0")
                .contains("- no st devices in " + sys.resolve("class/scsi_tape") + ": the st driver is not loaded"
                        + " (modprobe st) or no drive is attached")
                .contains("- no medium changer in " + sys.resolve("class/scsi_generic"))
                .contains("- TAPE_CHANGER=/dev/sg1 does not exist: no medium changer is attached, or it is another sg"
                        + " node — see the sg/st mapping above")
                .contains("- /dev/nst0 (the non-rewinding node of /dev/st0, data transfer element 0) does not exist")
                .contains("== what is wrong (4)")
                .doesNotContain("== inventory");
    }

    @Test
    void theServerWithoutItsChangerSaysSoInOneLineAndExitsNonZero(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch();

        assertThat(result.exitCode()).as(result.getOutput()).isEqualTo(1);
        assertThat(result.getOutput() + result.getErrorOutput())
                .contains("tape-controller cannot open the tape library: /dev/sg1: no such device node")
                .doesNotContain("\tat io.tapelib");
    }
}
