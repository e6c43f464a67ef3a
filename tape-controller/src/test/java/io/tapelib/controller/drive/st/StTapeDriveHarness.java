package io.tapelib.controller.drive.st;

import io.tapelib.controller.fixtures.SharedFixtures;

import io.tapelib.controller.device.command.CommandResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static io.tapelib.controller.drive.st.FakeStDevice.online;

/**
 * What the st adapter's tests share: a {@link FakeStDevice} for the system calls (online at block 0 unless a test says
 * otherwise), the commands run and their queued results, the pauses taken on a clock that moves only when told, and a
 * sysfs tree with the drive's sg node. Each test class is one behaviour of the port ({@code StTapeDrive*Test}): which
 * system calls each port method issues, and how the driver's answers become the port's results and errors.
 */
abstract class StTapeDriveHarness {

    /** O_RDWR | O_NONBLOCK | O_CLOEXEC on Linux (x86_64 and aarch64). */
    static final String OPEN_READ_WRITE = "open /dev/nst0 0x80802";
    static final String ENABLE_OPTIONS = "MTSETDRVBUFFER 0x30000c00";

    final FakeStDevice device = new FakeStDevice().status(online(0)).positions(0);
    final Deque<CommandResult> commandResults = new ArrayDeque<>();
    final List<List<String>> commands = new ArrayList<>();
    final List<Duration> pauses = new ArrayList<>();
    final ManualClock clock = new ManualClock();
    StSysfs sysfs;

    @BeforeEach
    void sysfs(@TempDir Path root) throws IOException {
        Path tape = root.resolve("class/scsi_tape/nst0");
        Files.createDirectories(tape.resolve("device/scsi_generic/sg3"));
        sysfs = new StSysfs(root);
    }

    /** Opens the st device as the port does, its commands and pauses recorded here. */
    StTapeDrive drive() {
        return StTapeDrive.open("/dev/nst0", device, sysfs, (command, timeout) -> {
            commands.add(command);
            return commandResults.poll();
        }, clock, duration -> {
            pauses.add(duration);
            clock.advance(duration);
        }, Duration.ofSeconds(300));
    }

    /** {@link #drive()}, with the calls of opening it forgotten. */
    StTapeDrive openedDrive() {
        StTapeDrive drive = drive();
        device.clearCalls();
        return drive;
    }

    /** sg_logs' answer for the tape capacity log page of an HP Ultrium 7 drive. */
    static CommandResult capacityPage() {
        return new CommandResult(List.of("sg_logs"), 0,
                SharedFixtures.hardwareText("sg_logs-p31-tape-capacity-hp-ultrium7.txt"), "");
    }

    /** A clock that moves only when told. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
