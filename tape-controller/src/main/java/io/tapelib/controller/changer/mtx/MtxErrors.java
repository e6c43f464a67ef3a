package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.device.command.CommandStartException;
import io.tapelib.controller.device.command.CommandTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed mtx run into the {@link io.tapelib.controller.changer.MediumChanger} port's typed
 * exceptions, keeping mtx's own words. mtx reports every fatal error as one line
 * {@code mtx: <message>} on standard error and exits with status 1 ({@code FatalError} in mtx 1.3.12
 * mtxl.c); before a failed SCSI command it dumps the Request Sense ({@link MtxRequestSense}).
 *
 * <p>The wordings recognised are those of mtx 1.3.12 mtx.c and scsi_linux.c, and of mtx before 1.3,
 * which differ in case and word choice ({@code source Element Address 1001 is Empty} against
 * {@code Source Element Address 1001 is Empty}, {@code illegal <storage-element-number>} against
 * {@code Invalid <storage-element-number>}). mtx names elements by their ordinal in checks it makes
 * itself (drive 0, storage element 5) and by their raw SCSI element address in errors the library
 * reports (Element Address 4097); every message here keeps mtx's line as printed and adds the
 * operation in ordinals, so both numberings reach the log.
 */
public final class MtxErrors {

    private enum Kind { NOT_ANSWERING, UNKNOWN_ELEMENT, SOURCE_EMPTY, DESTINATION_FULL, MOVE_FAILED }

    /** One recognised mtx message; {@code hint} explains what mtx leaves implicit, or is empty. */
    private record Rule(Kind kind, Pattern pattern, String hint) {
        Rule(Kind kind, String regex) {
            this(kind, Pattern.compile(regex), "");
        }

        Rule(Kind kind, String regex, String hint) {
            this(kind, Pattern.compile(regex), hint);
        }
    }

    // mtx exits on its first fatal error, so at most one of these lines is in an output; the order
    // only matters for the changer-does-not-answer lines, which precede everything else.
    private static final List<Rule> RULES = List.of(
            new Rule(Kind.NOT_ANSWERING, "cannot open SCSI device '[^']*' - .*"),
            new Rule(Kind.NOT_ANSWERING, "failed to set sg timeout - .*"),
            new Rule(Kind.NOT_ANSWERING, "INQUIRY [Cc]ommand Failed"),
            new Rule(Kind.NOT_ANSWERING, "READ ELEMENT STATUS Command Failed"),
            new Rule(Kind.UNKNOWN_ELEMENT, "(?:Invalid|illegal) <storage-element-number> argument '-?\\d+' to '\\w+' command"),
            new Rule(Kind.UNKNOWN_ELEMENT, "illegal <drive-number> argument '-?\\d+' to '\\w+' command"),
            new Rule(Kind.UNKNOWN_ELEMENT, "Invalid (?:source|destination)\\b"),
            new Rule(Kind.UNKNOWN_ELEMENT, "No (?:source|destination) specified"),
            new Rule(Kind.SOURCE_EMPTY, "[Ss]ource Element Address \\d+ is Empty", "ASC/ASCQ 3B/0E"),
            new Rule(Kind.SOURCE_EMPTY, "Data Transfer Element \\d+ is Empty"),
            new Rule(Kind.DESTINATION_FULL, "[Dd]estination Element Address \\d+ is Already Full", "ASC/ASCQ 3B/0D"),
            new Rule(Kind.DESTINATION_FULL, "Storage Element \\d+ is Already Full"),
            new Rule(Kind.DESTINATION_FULL, "Drive \\d+ Full \\(Storage Element -?\\d+ loaded\\)", "the drive is already loaded"),
            new Rule(Kind.MOVE_FAILED, "(?:MOVE|EXCHANGE) MEDIUM from Element Address \\d+ to \\d+ Failed"),
            new Rule(Kind.MOVE_FAILED, "Drive needs offline before move",
                    "mtx prints this for ASC/ASCQ 3A/00; unload the cartridge in the drive first"),
            new Rule(Kind.MOVE_FAILED, "Cleaning Cartridge Installed and Ejected",
                    "ASC/ASCQ 30/03: the drive ran the cleaning cartridge and ejected it"),
            new Rule(Kind.MOVE_FAILED, "Could not position transport"));

    private MtxErrors() {
    }

    /**
     * The exception for an mtx run that exited with a non-zero status.
     *
     * @param device    the changer device, e.g. {@code /dev/sg1}
     * @param operation what was asked, in ordinals, e.g. {@code unload data transfer element 1 into storage element 2}
     * @param result    the finished mtx run
     * @return {@link UnknownElementException} for an element number mtx or the library refuses;
     *         {@link SourceEmptyException} for an empty source (slot or drive);
     *         {@link DestinationFullException} for a full destination or a drive already loaded;
     *         {@link MtxMoveFailedException} (a {@link io.tapelib.controller.changer.MoveFailedException})
     *         with the Request Sense when the robot failed the MOVE MEDIUM;
     *         a plain {@link DeviceException} when the changer does not answer (cannot open the device,
     *         no such file, permission denied, INQUIRY or READ ELEMENT STATUS failed) or mtx printed
     *         nothing this class knows, quoting its whole output
     */
    public static DeviceException forFailure(String device, String operation, CommandResult result) {
        String output = result.output();
        Optional<MtxRequestSense> sense = MtxRequestSense.lastIn(output);
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(output);
            if (m.find()) {
                return exception(rule.kind(), device, message(operation, lineAround(output, m), rule.hint(), sense, result), sense);
            }
        }
        String quoted = output.isBlank() ? "(no output)" : output;
        return new DeviceException(device, operation + ": `" + String.join(" ", result.command())
                + "` exited with status " + result.exitCode() + ": " + quoted);
    }

    /**
     * The exception for an mtx run that was killed because the robot did not answer in time.
     *
     * @param timeout the timeout the run exceeded
     */
    public static DeviceException timedOut(String device, String operation, Duration timeout, CommandTimeoutException cause) {
        return new DeviceException(device, operation + ": the changer did not answer within " + timeout.toSeconds()
                + " s; mtx was killed, re-inventory before the next move (" + cause.getMessage() + ")", cause);
    }

    /** The exception for an mtx that cannot be started (not installed, not executable). */
    public static DeviceException cannotStart(String device, String operation, CommandStartException cause) {
        return new DeviceException(device, operation + ": " + cause.getMessage(), cause);
    }

    private static DeviceException exception(Kind kind, String device, String message, Optional<MtxRequestSense> sense) {
        return switch (kind) {
            case NOT_ANSWERING -> new DeviceException(device, message);
            case UNKNOWN_ELEMENT -> new UnknownElementException(device, message);
            case SOURCE_EMPTY -> new SourceEmptyException(device, message);
            case DESTINATION_FULL -> new DestinationFullException(device, message);
            case MOVE_FAILED -> new MtxMoveFailedException(device, message, sense.orElse(null));
        };
    }

    private static String message(String operation, String line, String hint, Optional<MtxRequestSense> sense, CommandResult result) {
        StringBuilder message = new StringBuilder(operation).append(": ").append(line);
        sense.ifPresent(s -> message.append("; ").append(s.describe()));
        if (!hint.isEmpty()) {
            message.append(" (").append(hint).append(')');
        }
        return message.append(" [mtx exit status ").append(result.exitCode()).append(']').toString();
    }

    /** The whole line the match sits on, as mtx printed it (with its "mtx: " prefix, if any). */
    private static String lineAround(String output, Matcher m) {
        int start = output.lastIndexOf('\n', m.start()) + 1;
        int end = output.indexOf('\n', m.end());
        return output.substring(start, end < 0 ? output.length() : end).strip();
    }
}
