package io.tapelib.controller.drive.st;

import io.tapelib.controller.fixtures.SharedFixtures;

import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.drive.DriveStatus;
import io.tapelib.controller.drive.TapePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real {@code mt status} outputs (mt-st prints MTIOCGET's fields) fed as MTIOCGET answers through the same struct and
 * decoder the adapter uses.
 */
class MtStatusTest {

    private static final Pattern POSITION = Pattern.compile(
            "File number=(-?\\d+), block number=(-?\\d+), partition=(\\d+)\\.");
    private static final Pattern BLOCK_AND_DENSITY = Pattern.compile(
            "Tape block size (\\d+) bytes\\. Density code 0x([0-9a-fA-F]+)");
    private static final Pattern GENERAL = Pattern.compile("General status bits on \\(([0-9a-fA-F]+)\\):\\s*\\n(.*)");
    private static final Pattern TELL = Pattern.compile("At block (\\d+)\\.");
    private static final Map<String, Predicate<MtStatus>> BIT_NAMES = Map.of(
            "EOF", MtStatus::afterFilemark, "BOT", MtStatus::beginningOfTape, "EOT", MtStatus::endOfTape,
            "EOD", MtStatus::endOfData, "WR_PROT", MtStatus::writeProtected, "ONLINE", MtStatus::online,
            "DR_OPEN", MtStatus::doorOpen);

    /** The numbers mt-st printed, back into the fields of struct mtget (mt_resid carries the partition). */
    static MtStatus parse(String text) {
        Matcher position = find(POSITION, text);
        Matcher block = find(BLOCK_AND_DENSITY, text);
        Matcher general = find(GENERAL, text);
        long dsreg = Long.parseLong(block.group(2), 16) << Mtio.MT_ST_DENSITY_SHIFT | Long.parseLong(block.group(1));
        return new MtStatus(0x72, Long.parseLong(position.group(3)), dsreg, Long.parseLong(general.group(1), 16), 0,
                Integer.parseInt(position.group(1)), Integer.parseInt(position.group(2)));
    }

    private static Set<String> bitNames(String text) {
        return Arrays.stream(find(GENERAL, text).group(2).trim().split("\\s+")).collect(Collectors.toSet());
    }

    private static Matcher find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(pattern + " in\n" + text).isTrue();
        return m;
    }

    @Test
    void everyFixtureDecodesToTheBitsMtPrinted() {
        List<Path> fixtures = SharedFixtures.hardwareMatching("mt-status-");
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(2);
        for (Path fixture : fixtures) {
            String text = SharedFixtures.hardwareText(fixture.getFileName().toString());
            MtStatus status = parse(text);
            Set<String> printed = bitNames(text);
            BIT_NAMES.forEach((bit, decoded) ->
                    assertThat(decoded.test(status)).as(fixture.getFileName() + " " + bit).isEqualTo(printed.contains(bit)));
        }
    }

    @Test
    void anEmptyHpUltrium5IsNotLoaded(@TempDir Path sys) {
        MtStatus status = parse(SharedFixtures.hardwareText("mt-status-hp-ultrium5-no-tape-dr_open.txt"));
        FakeStDevice device = new FakeStDevice().status(status);

        DriveStatus drive = open(device, sys, List.of()).status();

        assertThat(status.doorOpen()).isTrue();
        assertThat(status.fileNumber()).isEqualTo(-1);
        assertThat(drive).isEqualTo(DriveStatus.empty());
    }

    @Test
    void theTandbergAfterAFilemarkIsLoadedInVariableBlocksWithLto5Density(@TempDir Path sys) throws IOException {
        MtStatus status = parse(SharedFixtures.hardwareText("mt-status-tandberg-lto5-hh-eof-old-mtst.txt"));
        long tell = Long.parseLong(find(TELL, SharedFixtures.hardwareText("mt-tell.txt")).group(1));
        FakeStDevice device = new FakeStDevice().status(status).positions(tell);
        Files.createDirectories(sys.resolve("class/scsi_tape/nst0/device/scsi_generic/sg1"));
        CommandResult capacity = new CommandResult(List.of("sg_logs"), 0,
                SharedFixtures.hardwareText("sg_logs-p31-tape-capacity-hp-ultrium7.txt"), "");

        DriveStatus drive = open(device, sys, List.of(capacity)).status();

        assertThat(status.fileNumber()).isEqualTo(1);
        assertThat(status.blockNumber()).isZero();
        assertThat(drive).isEqualTo(new DriveStatus(true, false, Optional.of(new TapePosition(0, 13164, false)), 1, 0,
                0x58, Optional.empty()));
    }

    private static StTapeDrive open(FakeStDevice device, Path sys, List<CommandResult> results) {
        var queue = new java.util.ArrayDeque<>(results);
        return StTapeDrive.open("/dev/nst0", device, new StSysfs(sys), (command, timeout) -> queue.poll(),
                Clock.systemUTC(), duration -> { }, Duration.ofSeconds(1));
    }
}
