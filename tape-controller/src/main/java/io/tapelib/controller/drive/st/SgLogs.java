package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.device.command.CommandRunner;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Reads log pages of a drive with {@code sg_logs} (sg3_utils) on its SCSI generic node. */
final class SgLogs {

    /** sg3_utils exit status for UNIT ATTENTION (sg_lib.h SG_LIB_CAT_UNIT_ATTENTION): the command may be repeated. */
    static final int EXIT_UNIT_ATTENTION = 6;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final CommandRunner runner;
    private final SgLogsTapeCapacityParser parser = new SgLogsTapeCapacityParser();
    private final SgLogsTapeAlertParser alerts = new SgLogsTapeAlertParser();

    SgLogs(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner);
    }

    /**
     * The Tape Capacity log page (0x31). A UNIT ATTENTION (the first command after a cartridge change or a mode
     * change) is answered by asking once more.
     *
     * @param sgDevice the drive's SCSI generic node, e.g. {@code /dev/sg2}
     * @throws DeviceException sg_logs failed (its own words are quoted) or printed no capacity page
     */
    TapeCapacityPage tapeCapacity(String sgDevice) {
        String output = page(sgDevice, "0x31");
        try {
            return parser.parse(output);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(sgDevice, e.getMessage(), e);
        }
    }

    /**
     * The TapeAlert log page (0x2e, SSC-4 Annex A): the flags the drive has set. Readable with or without a cartridge.
     *
     * @param sgDevice the drive's SCSI generic node
     * @throws DeviceException sg_logs failed (its own words are quoted) or printed no TapeAlert page
     */
    io.tapelib.controller.drive.TapeAlerts tapeAlerts(String sgDevice) {
        String output = page(sgDevice, "0x2e");
        try {
            return alerts.parse(output);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(sgDevice, e.getMessage(), e);
        }
    }

    private String page(String sgDevice, String page) {
        List<String> command = List.of("sg_logs", "--page=" + page, sgDevice);
        CommandResult result = runner.run(command, TIMEOUT);
        if (result.exitCode() == EXIT_UNIT_ATTENTION) {
            result = runner.run(command, TIMEOUT);
        }
        if (!result.succeeded()) {
            throw new DeviceException(sgDevice, String.join(" ", command) + " exited with " + result.exitCode() + ": "
                    + result.output());
        }
        return result.stdout();
    }
}
