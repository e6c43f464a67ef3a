package io.tapelib.system.bench;

import static io.tapelib.system.bench.BenchSupport.format;

import io.tapelib.system.BenchPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test (issue 14, acceptance 5): what the audit log costs the creation of many small files. One pair,
 * its gateway restarted with AUDIT=off and AUDIT=on in turn (off first), so that both see the same catalog, cache and
 * machine; each run after a short warm-up of the fresh JVM (a twentieth of the files, not timed). Prints the medians
 * and the ratio on/off; the written and dropped record counts of the last AUDIT=on run show the log really recorded.
 */
final class AuditBench {
    private AuditBench() {
    }

    /** Medians of {@code repeat} creates of {@code files} files of 1 KiB per setting, printed; returns the ratio line. */
    static String measure(Path work, int repeat, int files) throws Exception {
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        double written = 0;
        double dropped = 0;
        try (BenchPair pair = BenchPair.create("bench-audit", work.resolve("audit-pair"), Map.of(),
                Map.of("WRITE_DELAY", "24h", "AUDIT", "off")).start()) {
            for (int r = 1; r <= repeat; r++) {
                for (String audit : List.of("off", "on")) {
                    pair.restartGateway(Map.of("AUDIT", audit));
                    Path dir = Files.createDirectories(pair.mount().resolve("audit-bench"));
                    Path warm = dir.resolve("warm-up");
                    FuseBench.createFiles(warm, Math.max(1, files / 20));
                    BenchSupport.run("rm", "-rf", warm.toString());
                    Path tree = dir.resolve("small-" + audit + "-" + r);
                    BenchSupport.dropCaches();
                    double seconds = BenchSupport.seconds(() -> {
                        FuseBench.createFiles(tree, files);
                        return null;
                    });
                    (audit.equals("on") ? on : off).add(seconds);
                    if (audit.equals("on")) {
                        written = BenchSupport.metric(pair.gatewayUrl(), "tapelib_audit_records_total").orElse(0);
                        dropped = BenchSupport.metric(pair.gatewayUrl(), "tapelib_audit_dropped_records_total")
                                .orElse(0);
                    }
                    System.out.println(format("fuse audit: run %d/%d AUDIT=%s: create of %,d files %.1f s", r, repeat,
                            audit, files, seconds));
                    BenchSupport.run("rm", "-rf", tree.toString());
                }
            }
        }
        double medianOff = BenchSupport.median(off);
        double medianOn = BenchSupport.median(on);
        System.out.println(format("fuse audit: create of %,d files of 1 KiB, medians of %d: AUDIT=off %.1f s, AUDIT=on"
                + " %.1f s (last AUDIT=on run: %.0f records written so far, %.0f dropped)", files, repeat, medianOff,
                medianOn, written, dropped));
        return format("fuse audit ratio: create time AUDIT=on/AUDIT=off %.3fx", medianOn / medianOff);
    }
}
