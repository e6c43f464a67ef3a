package io.tapelib.controller.drive.st;

import io.tapelib.controller.drive.TapeAlerts;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the set flags from {@code sg_logs --page=0x2e} (the TapeAlert log page; flags as in
 * SSC-4 Annex A). sg_logs prints one line per parameter, {@code "  <flag name>: <0|1>"}; its names changed between
 * sg3_utils releases ("Cleaning required" for flag 20 in some, "Clean now" in the standard's table), and some
 * releases add the parameter code in brackets, so a line is recognised by its code when printed, else by any of the
 * names below. Lines of other flags are kept by code when printed with one, else ignored.
 */
final class SgLogsTapeAlertParser {

    private static final Pattern FLAG_LINE = Pattern.compile(
            "^\\s*(?<name>[A-Za-z][^:\\[]*?)\\s*(?:\\[0x(?<code>[0-9a-fA-F]{1,4})])?\\s*:\\s*(?<value>[01])\\s*$");
    private static final Pattern PARAMETER_CODE = Pattern.compile(
            "parameter code\\s*(?:=\\s*)?0x(?<code>[0-9a-fA-F]{1,4})[^:]*:\\s*(?<value>[01])", Pattern.CASE_INSENSITIVE);

    /** The cleaning flags by the names sg_logs releases and SSC-4 Annex A give them (lower case). */
    private static final Map<String, Integer> NAMES = Map.of(
            "clean now", TapeAlerts.CLEAN_NOW,
            "cleaning required", TapeAlerts.CLEAN_NOW,
            "clean periodic", TapeAlerts.CLEAN_PERIODIC,
            "cleaning requested", TapeAlerts.CLEAN_PERIODIC,
            "expired cleaning media", TapeAlerts.EXPIRED_CLEANING_MEDIA,
            "invalid cleaning tape", TapeAlerts.INVALID_CLEANING_TAPE,
            "invalid cleaning media", TapeAlerts.INVALID_CLEANING_TAPE);

    /**
     * @param output sg_logs' standard output
     * @throws IllegalArgumentException the output holds no TapeAlert page (its first lines are quoted)
     */
    TapeAlerts parse(String output) {
        if (!output.toLowerCase(Locale.ROOT).contains("tape alert") && !output.toLowerCase(Locale.ROOT).contains("tapealert")) {
            throw new IllegalArgumentException("sg_logs printed no TapeAlert page (0x2e): "
                    + output.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("(nothing)"));
        }
        Set<Integer> set = new HashSet<>();
        for (String line : output.split("\n")) {
            Matcher byCode = PARAMETER_CODE.matcher(line);
            if (byCode.find()) {
                addIfSet(set, Integer.parseInt(byCode.group("code"), 16), byCode.group("value"));
                continue;
            }
            Matcher flag = FLAG_LINE.matcher(line);
            if (!flag.matches()) {
                continue;
            }
            if (flag.group("code") != null) {
                addIfSet(set, Integer.parseInt(flag.group("code"), 16), flag.group("value"));
            } else {
                Integer known = NAMES.get(flag.group("name").strip().toLowerCase(Locale.ROOT));
                if (known != null) {
                    addIfSet(set, known, flag.group("value"));
                }
            }
        }
        return new TapeAlerts(set);
    }

    private static void addIfSet(Set<Integer> set, int code, String value) {
        if (code >= 1 && code <= 64 && "1".equals(value)) {
            set.add(code);
        }
    }
}
