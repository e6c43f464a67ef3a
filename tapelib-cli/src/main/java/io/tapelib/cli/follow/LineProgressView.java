package io.tapelib.cli.follow;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/** For a pipe or a file: one line per change of a job's line (a line equal to the job's last one is not repeated). */
public final class LineProgressView implements ProgressView {
    private final PrintWriter out;
    private final Map<String, String> last = new HashMap<>();

    public LineProgressView(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void update(JobProgress job) {
        String line = job.line();
        if (!line.equals(last.put(job.key(), line))) {
            out.println(line);
            out.flush();
        }
        if (job.ended()) {
            last.remove(job.key());
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
