package io.tapelib.controller.drive.st;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses what {@code sg_logs --page=0x31} prints for the Tape Capacity log page: the four lines
 * {@code Main|Alternate partition remaining|maximum capacity (in MiB): N} (sg3_utils sg_logs.c; the header line names
 * the page "LTO-5 and LTO-6 specific" or "IBM specific" depending on the version and vendor).
 */
public final class SgLogsTapeCapacityParser {

    private static final Pattern LINE = Pattern.compile(
            "^\\s*(Main|Alternate) partition (remaining|maximum) capacity(?:\\s*\\(in MiB\\))?\\s*:\\s*(\\d+)\\s*$",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    /**
     * @param output sg_logs' standard output
     * @return the four figures
     * @throws IllegalArgumentException one of the four lines is missing; the message quotes the output
     */
    public TapeCapacityPage parse(String output) {
        Map<String, Long> figures = new HashMap<>();
        Matcher m = LINE.matcher(output);
        while (m.find()) {
            figures.put(m.group(1).toLowerCase() + " " + m.group(2).toLowerCase(), Long.parseLong(m.group(3)));
        }
        for (String key : new String[] {"main remaining", "alternate remaining", "main maximum", "alternate maximum"}) {
            if (!figures.containsKey(key)) {
                throw new IllegalArgumentException("no \"" + key + " capacity\" line in the tape capacity log page: "
                        + output.strip());
            }
        }
        return new TapeCapacityPage(figures.get("main remaining"), figures.get("alternate remaining"),
                figures.get("main maximum"), figures.get("alternate maximum"));
    }
}
