package io.tapelib.cli.format;

import java.util.Locale;

/**
 * One job's progress as a text line, e.g. {@code [##########..........]  52% 1.2 GB of 2.3 GB RECLAIM TAPE03L5}: by
 * bytes when the job knows its total, else by files, else the bytes so far without a percentage.
 */
public final class ProgressBar {
    /** Characters between the brackets. */
    public static final int WIDTH = 20;

    private ProgressBar() {
    }

    /**
     * @param bytes      bytes done
     * @param totalBytes bytes of the whole job, 0 when unknown
     * @param files      files done
     * @param totalFiles files of the whole job, 0 when unknown
     * @param label      what the job is, e.g. "RECLAIM TAPE03L5"
     */
    public static String line(long bytes, long totalBytes, long files, long totalFiles, String label) {
        if (totalBytes > 0) {
            return bar(bytes / (double) totalBytes) + " " + Bytes.human(bytes) + " of " + Bytes.human(totalBytes)
                    + " " + label;
        }
        if (totalFiles > 0) {
            return bar(files / (double) totalFiles) + " " + files + " of " + totalFiles + " files " + label;
        }
        return "[" + ".".repeat(WIDTH) + "]    ? " + Bytes.human(bytes) + " " + label;
    }

    private static String bar(double fraction) {
        double bounded = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.floor(bounded * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(bounded * 100));
    }
}
