package io.tapelib.controller.cli;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.tapelib.controller.device.ownership.ExclusiveLock;
import io.tapelib.controller.library.LibraryDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tape-controller doctor} with {@code TAPE_CHANGER=virtual:<dir>}. */
@QuarkusMainTest
@TestProfile(DoctorVirtualProfile.class)
class DoctorVirtualCommandTest {

    @BeforeEach
    void freshLibrary() throws IOException {
        if (Files.exists(DoctorVirtualProfile.LIBRARY)) {
            try (Stream<Path> walk = Files.walk(DoctorVirtualProfile.LIBRARY)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void itPrintsTheVirtualLibrarysInventoryAndDrivesAndExitsZero(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("doctor");

        assertThat(result.exitCode()).as(result.getOutput() + result.getErrorOutput()).isZero();
        assertThat(result.getOutput().lines()).contains(
                "TAPE_CHANGER=virtual:" + DoctorVirtualProfile.LIBRARY,
                "== inventory of virtual:" + DoctorVirtualProfile.LIBRARY,
                "Data Transfer Element 0: Empty",
                "Data Transfer Element 1: Empty",
                "Storage Element 1: Full TL0001L5",
                "Storage Element 8: Full TL0008L5",
                "Storage Element 9: Empty",
                "Storage Element 48: Full CLN001L1 (cleaning cartridge)",
                "Import/Export Element 49: Empty",
                "drive 0 virtual:drive0: no cartridge threaded (offline)",
                "drive 1 virtual:drive1: no cartridge threaded (offline)",
                "== nothing wrong found");
    }

    @Test
    void aLibraryHeldByTheServerIsReportedWithItsHolder(QuarkusMainLauncher launcher) throws IOException {
        try (ExclusiveLock held = LibraryDirectory.lock(DoctorVirtualProfile.LIBRARY, "the running tape-controller server")) {
            LaunchResult result = launcher.launch("doctor");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.getOutput()).contains("- cannot open the library: the tape library "
                    + DoctorVirtualProfile.LIBRARY + " is in use by the running tape-controller server");
        }
    }
}
