package io.tapelib.controller.changer.mtx;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sense data of a failed SCSI command, as mtx dumps it on standard error before a fatal error
 * ({@code PrintRequestSense} in mtx 1.3.12 mtxl.c):
 * <pre>
 * mtx: Request Sense: Sense Key=Not Ready
 * mtx: Request Sense: Additional Sense Code = 04
 * mtx: Request Sense: Additional Sense Qualifier = 12
 * </pre>
 *
 * @param senseKey                     the sense key in mtx's words ({@code Not Ready}, {@code Illegal Request},
 *                                     {@code Unit Attention}, ... or {@code 0x09} for keys mtx has no name for)
 * @param additionalSenseCode          ASC, 0..255
 * @param additionalSenseCodeQualifier ASCQ, 0..255
 */
public record MtxRequestSense(String senseKey, int additionalSenseCode, int additionalSenseCodeQualifier) {

    // One dump: the sense key, then ASC and ASCQ a few lines later (other fields may lie between).
    // Not anchored at line starts: stdout and stderr interleave, so a dump may begin mid-line
    // ("Unloading drive 1 into Storage Element 2...mtx: Request Sense: Long Report=yes").
    private static final Pattern DUMP = Pattern.compile(
            "Request Sense: Sense Key=([^\\r\\n]*)"
                    + "[\\s\\S]*?Request Sense: Additional Sense Code = ([0-9A-Fa-f]{1,2})"
                    + "[\\s\\S]*?Request Sense: Additional Sense Qualifier = ([0-9A-Fa-f]{1,2})");

    /**
     * The last Request Sense dump in mtx's output: the one that belongs to the command that failed
     * (an earlier dump may be a Unit Attention that mtx retried past).
     *
     * @param output mtx's standard output and standard error
     * @return the sense data, or empty when the output holds no complete dump
     */
    public static Optional<MtxRequestSense> lastIn(String output) {
        Matcher m = DUMP.matcher(output);
        MtxRequestSense last = null;
        while (m.find()) {
            last = new MtxRequestSense(m.group(1).strip(),
                    Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16));
        }
        return Optional.ofNullable(last);
    }

    /** ASC/ASCQ as two hex bytes, e.g. {@code 04/12}, the way SPC tables list them. */
    public String ascAscq() {
        return String.format("%02X/%02X", additionalSenseCode, additionalSenseCodeQualifier);
    }

    /** One line for messages, e.g. {@code Request Sense: Not Ready, ASC/ASCQ 04/12}. */
    public String describe() {
        return "Request Sense: " + senseKey + ", ASC/ASCQ " + ascAscq();
    }
}
