package io.tapelib.controller.config;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.ownership.DeviceOwnership;
import io.tapelib.controller.device.ownership.ProcessTable;
import io.tapelib.controller.library.DriveTimings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up of a real library, on a machine without one: every refusal says what is wrong. */
class LibraryProducerRealTest {

    @TempDir
    Path dir;

    private LibraryProducer producer(String changer, List<String> drives) {
        TapeSettings tape = new FixedTapeSettings(changer, drives.isEmpty() ? Optional.empty() : Optional.of(drives),
                dir.resolve("work"), 524288, java.time.Duration.ofMinutes(5));
        VirtualLibrarySettings virtual = new VirtualLibrarySettings() {
            @Override
            public int drives() {
                return 1;
            }

            @Override
            public int cartridges() {
                return 8;
            }

            @Override
            public OptionalLong capacityBytes() {
                return OptionalLong.empty();
            }

            @Override
            public double timeScale() {
                return 0;
            }

            @Override
            public Duration cleaningInterval() {
                return Duration.ZERO;
            }

            @Override
            public int cleaningUses() {
                return 50;
            }
        };
        DeviceTimeouts timeouts = new DeviceTimeouts() {
            @Override
            public Duration onlineTimeout() {
                return Duration.ofSeconds(300);
            }

            @Override
            public Duration changerStatusTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration changerMoveTimeout() {
                return Duration.ofSeconds(600);
            }
        };
        return new LibraryProducer(tape, virtual, timeouts);
    }

    @Test
    void aRealChangerWithoutDrivesIsAStartUpError() {
        assertThatThrownBy(() -> producer("/dev/sg1", List.of()).openLibrary())
                .isInstanceOf(UnsupportedChangerException.class)
                .hasMessage("TAPE_CHANGER=/dev/sg1 names a real medium changer but TAPE_DRIVES is not set; map the"
                        + " changer's data transfer elements to st devices, e.g. TAPE_DRIVES=0=/dev/st0,1=/dev/st1 (run"
                        + " 'tape-controller doctor' to see both)");
    }

    @Test
    void aMalformedDriveListIsAStartUpError() {
        assertThatThrownBy(() -> producer("/dev/sg1", List.of("/dev/st0")).openLibrary())
                .isInstanceOf(InvalidDriveMappingException.class).hasMessageContaining("has no '='");
    }

    @Test
    void aMissingChangerNodeIsAStartUpError() {
        Path missing = dir.resolve("sg1");
        assertThatThrownBy(() -> producer(missing.toString(), List.of("0=/dev/st0")).openLibrary())
                .isInstanceOf(DeviceException.class).hasMessageStartingWith(missing + ": no such device node");
    }

    @Test
    void aChangerThatDoesNotAnswerMtxIsAStartUpErrorInMtxsWordsAndReleasesTheNode() throws IOException {
        Assumptions.assumeTrue(onPath("mtx"), "mtx is installed by deploy/install-deps.sh");
        Path notAChanger = Files.createFile(dir.resolve("sg1"));

        assertThatThrownBy(() -> producer(notAChanger.toString(), List.of("0=/dev/st0")).openLibrary())
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("the medium changer does not answer 'mtx -f " + notAChanger + " status'")
                .hasMessageContaining("is not an sg device");

        // the failed start let go of the node: the next start may take it
        DeviceOwnership.acquire(notAChanger, ProcessTable.system()).close();
    }

    @Test
    void aDrivePathThatIsNotAStDeviceIsAStartUpErrorInTheDriversTerms() {
        assertThatThrownBy(() -> LibraryProducer.openDrive(Path.of("/dev/null"), Duration.ofSeconds(300)))
                .isInstanceOf(DeviceException.class)
                .hasMessage("/dev/null: /dev/null is character device 1:3, not a tape drive of the st driver (major 9)");
        Path plain = dir.resolve("nst0");
        assertThatThrownBy(() -> LibraryProducer.openDrive(plain, Duration.ofSeconds(300)))
                .isInstanceOf(DeviceException.class).hasMessageContaining("no such device node");
    }

    @Test
    void aRealLibraryReportsTheLto5FiguresInRealTime() {
        LibraryProducer.OpenLibrary real = new LibraryProducer.OpenLibrary(null, Optional.empty(), List.of());

        DriveTimings timings = producer("/dev/sg1", List.of("0=/dev/st0")).timings(real);

        assertThat(timings).isEqualTo(new DriveTimings(20.0, 12.0, 17.0, 142.0, 140_000_000.0, 1.0));
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
