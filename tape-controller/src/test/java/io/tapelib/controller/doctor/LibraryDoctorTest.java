package io.tapelib.controller.doctor;

import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor on fake sysfs and /dev trees shaped like the Tandberg StorageLoader of
 * shared/fixtures/hardware/lsscsi-g-hp-ultrium5-tandberg-storageloader.txt (st0 = sg4, changer sg5).
 */
class LibraryDoctorTest {

    @TempDir
    Path dir;

    private final UserIdentity operator = new UserIdentity("operator", Set.of(100L), Map.of("tape", 26L, "users", 100L));

    private Path sysfs() throws IOException {
        Path root = Files.createDirectories(dir.resolve("sys"));
        FakeSysfs fake = new FakeSysfs(root);
        fake.tape("st0", "sg4", "0:0:0:0", "HP", "Ultrium 5-SCSI");
        fake.changer("sg5", "0:0:0:1", "TANDBERG", "StorageLoader");
        fake.device("1:0:0:0", 0, "ATA", "WDC WD100EFAX-68");
        return root;
    }

    @Test
    void sysfsGivesEachStDeviceItsGenericNodeAndTheChangersAmongTheGenericNodes() throws IOException {
        SysfsScan scan = new SysfsScan(sysfs());

        assertThat(scan.tapeDrives()).containsExactly(
                new ScsiDevice("st0", Optional.of("sg4"), "0:0:0:0", 1, "HP", "Ultrium 5-SCSI"));
        assertThat(scan.mediumChangers()).containsExactly(
                new ScsiDevice("sg5", Optional.of("sg5"), "0:0:0:1", 8, "TANDBERG", "StorageLoader"));
        assertThat(scan.genericNodes()).extracting(ScsiDevice::name).containsExactly("sg4", "sg5");
    }

    @Test
    void anEmptySysfsHasNoDevices() {
        SysfsScan scan = new SysfsScan(dir);
        assertThat(scan.tapeDrives()).isEmpty();
        assertThat(scan.mediumChangers()).isEmpty();
    }

    @Test
    void aChangerSettingThatNamesAMissingNodePointsAtTheRealChanger() throws IOException {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.createFile(dev.resolve("sg5"));
        Files.createFile(dev.resolve("nst0"));
        StringWriter text = new StringWriter();

        List<String> problems = new LibraryDoctor(sysfs(), dev, operator)
                .examine("/dev/sg1", List.of("0=/dev/st0"), failIfOpened(), new PrintWriter(text));

        assertThat(text.toString())
                .contains("st0    -> sg4    [0:0:0:0] HP Ultrium 5-SCSI")
                .contains("sg5    [0:0:0:1] TANDBERG StorageLoader")
                .contains("/dev/sg1     does not exist");
        assertThat(problems).containsExactly("TAPE_CHANGER=/dev/sg1 does not exist: no medium changer is attached, or it"
                + " is another sg node — see the sg/st mapping above (the kernel's medium changer is /dev/sg5)");
    }

    @Test
    void aTapeDriveNamedAsChangerAndAnUnknownDriveAreNamed() throws IOException {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.createFile(dev.resolve("sg4"));
        StringWriter text = new StringWriter();

        List<String> problems = new LibraryDoctor(sysfs(), dev, operator)
                .examine("/dev/sg4", List.of("0=/dev/st1"), () -> {
                    throw new IllegalStateException("/dev/sg4: mtx: cannot read element status");
                }, new PrintWriter(text));

        assertThat(problems).contains(
                "TAPE_CHANGER=/dev/sg4 is not a medium changer: it is HP Ultrium 5-SCSI (SCSI type 1); the medium"
                        + " changer is /dev/sg5",
                "TAPE_DRIVES maps data transfer element 0 to /dev/st1, which is not a st device the kernel knows (it"
                        + " knows /dev/st0)",
                "/dev/nst1 (the non-rewinding node of /dev/st1, data transfer element 0) does not exist: the st driver"
                        + " is not loaded (modprobe st) or the drive is not attached",
                "cannot open the library: /dev/sg4: mtx: cannot read element status");
        assertThat(text.toString()).contains("== what is wrong (4)");
    }

    @Test
    void aMalformedDriveListIsReportedAsSuchNotAsMissing() {
        StringWriter text = new StringWriter();

        List<String> problems = new LibraryDoctor(dir, dir, operator).examine("/dev/sg1", List.of("/dev/st0"),
                failIfOpened(), new PrintWriter(text));

        assertThat(problems).contains("TAPE_DRIVES=/dev/st0: entry 1 '/dev/st0' has no '='; expected <data transfer"
                + " element>=<device>, e.g. 0=/dev/st0").noneMatch(p -> p.startsWith("TAPE_DRIVES is not set"));
    }

    @Test
    void noDevicesAtAllIsSaidPlainly() {
        StringWriter text = new StringWriter();

        List<String> problems = new LibraryDoctor(dir, dir, operator).examine("/dev/sg1", List.of(), failIfOpened(),
                new PrintWriter(text));

        assertThat(problems).containsExactly(
                "no st devices in " + dir.resolve("class/scsi_tape") + ": the st driver is not loaded (modprobe st) or no"
                        + " drive is attached (lsscsi -g lists what the kernel sees)",
                "no medium changer in " + dir.resolve("class/scsi_generic") + ": the sg driver is not loaded (modprobe sg)"
                        + " or the library is not attached (lsscsi -g lists what the kernel sees)",
                "TAPE_CHANGER=/dev/sg1 does not exist: no medium changer is attached, or it is another sg node — see the"
                        + " sg/st mapping above",
                "TAPE_DRIVES is not set: map the changer's data transfer elements to st devices, e.g. TAPE_DRIVES=0=/dev/st0"
                        + " (the order of drives in 'mtx status' is the element number)");
        assertThat(text.toString()).contains("(none)").contains("== what is wrong (4)");
    }

    @Test
    void aVirtualLibraryShowsItsInventoryAndDrives() throws IOException {
        try (VirtualLibrary library = VirtualLibrary.open(dir.resolve("library"), VirtualLibraryConfig.msl4048().withDrives(2))) {
            library.changer().load(3, 1);
            StringWriter text = new StringWriter();

            List<String> problems = new LibraryDoctor(dir, dir, operator).examine("virtual:" + dir.resolve("library"),
                    List.of(), () -> new LibraryDevices("virtual:" + dir.resolve("library"), library.changer(),
                            library.drives()), new PrintWriter(text));

            assertThat(problems).isEmpty();
            assertThat(text.toString().lines())
                    .contains("Data Transfer Element 0: Empty",
                            "Data Transfer Element 1: Full TL0003L5 (loaded from storage element 3)",
                            "Storage Element 1: Full TL0001L5",
                            "Storage Element 3: Empty",
                            "Storage Element 48: Full CLN001L1 (cleaning cartridge)",
                            "Import/Export Element 51: Empty",
                            "2 drive(s), 48 storage element(s) (8 full), 3 import/export element(s) (0 full), cleaning"
                                    + " cartridges: CLN001L1",
                            "drive 0 virtual:drive0: no cartridge threaded (offline)",
                            "== nothing wrong found")
                    .noneMatch(line -> line.startsWith("== tape drives"));
        }
    }

    private static Supplier<LibraryDevices> failIfOpened() {
        return () -> {
            throw new AssertionError("the doctor must not open a library whose changer node is missing");
        };
    }
}
