package io.tapelib.cli.follow;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For a terminal: the running jobs' bars stay at the bottom and are redrawn in place (ANSI/ECMA-48 control
 * sequences: CUU "ESC [ n A" moves up, EL "ESC [ K" clears a line); an ended job's last line is printed above them
 * and stays.
 */
public final class TerminalProgressView implements ProgressView {
    private static final String UP = "\033[%dA";
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter out;
    private final Map<String, String> running = new LinkedHashMap<>();
    private int drawn;

    public TerminalProgressView(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void update(JobProgress job) {
        if (job.ended()) {
            running.remove(job.key());
            redraw(job.line());
        } else {
            running.put(job.key(), job.line());
            redraw(null);
        }
    }

    private void redraw(String permanent) {
        StringBuilder screen = new StringBuilder();
        if (drawn > 0) {
            screen.append(String.format(UP, drawn));
        }
        if (permanent != null) {
            screen.append(CLEAR_LINE).append(permanent).append('\n');
        }
        for (String line : running.values()) {
            screen.append(CLEAR_LINE).append(line).append('\n');
        }
        // Lines left over from a longer block (a job ended) are cleared.
        int leftover = drawn - running.size() - (permanent == null ? 0 : 1);
        for (int i = 0; i < leftover; i++) {
            screen.append(CLEAR_LINE).append('\n');
        }
        if (leftover > 0) {
            screen.append(String.format(UP, leftover));
        }
        drawn = running.size();
        out.print(screen);
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
