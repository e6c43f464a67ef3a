package io.tapelib.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** One run of the command line in this JVM, its outputs captured. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} against the given gateway and controller URLs (output not a terminal unless asked). */
    static CliRun of(String gateway, String controller, boolean terminal, String... args) {
        List<String> all = new ArrayList<>(List.of("--gateway", gateway, "--controller", controller, "--timeout", "5"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TapelibCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), terminal);
        return new CliRun(code, out.toString(), err.toString());
    }
}
