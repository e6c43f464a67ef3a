package io.tapelib.system.bench;

import static io.tapelib.system.bench.BenchSupport.format;

import io.tapelib.system.BenchPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test (issue 14, acceptance 5): what the audit log costs the creation of many small files. One pair,
 * its gateway restarted with AUDIT=off and AUDIT=on in turn (off first), so that both see the same catalog, cache and
 * machine; each run after a short warm-up of the fresh JVM (a twentieth of the files, not timed). Prints the medians
 * and the ratio on/off of the wall time and of the gateway's CPU seconds during the create (user plus system, all its
 * threads; on a shared machine far less disturbed by other work than the wall time), with the audit writer thread's
 * share; the written and dropped record counts of the last AUDIT=on run show the log really recorded.
 * FUSE_BENCH_GATEWAY_JAVA_OPTIONS is the gateway's JAVA_TOOL_OPTIONS here too.
 */
final class AuditBench {
    /** The audit writer's thread name, as /proc shows it (comm). */
    private static final String WRITER_THREAD = "audit-writer";

    private AuditBench() {
    }

    /** Medians of {@code repeat} creates of {@code files} files of 1 KiB per setting, printed; returns the ratio line. */
    static String measure(Path work, int repeat, int files) throws Exception {
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        List<Double> cpuOff = new ArrayList<>();
        List<Double> cpuOn = new ArrayList<>();
        double writerCpu = 0;
        double written = 0;
        double dropped = 0;
        Map<String, String> gateway = new HashMap<>(Map.of("WRITE_DELAY", "24h", "AUDIT", "off"));
        String gatewayJava = System.getenv("FUSE_BENCH_GATEWAY_JAVA_OPTIONS");
        if (gatewayJava != null && !gatewayJava.isBlank()) {
            gateway.put("JAVA_TOOL_OPTIONS", gatewayJava);
        }
        try (BenchPair pair = BenchPair.create("bench-audit", work.resolve("audit-pair"), Map.of(), gateway).start()) {
            for (int r = 1; r <= repeat; r++) {
                for (String audit : List.of("off", "on")) {
                    pair.restartGateway(Map.of("AUDIT", audit));
                    Path dir = Files.createDirectories(pair.mount().resolve("audit-bench"));
                    Path warm = dir.resolve("warm-up");
                    FuseBench.createFiles(warm, Math.max(1, files / 20));
                    BenchSupport.run("rm", "-rf", warm.toString());
                    Path tree = dir.resolve("small-" + audit + "-" + r);
                    BenchSupport.dropCaches();
                    long pid = pair.gatewayPid();
                    double cpuBefore = BenchSupport.cpuSeconds(pid);
                    double writerBefore = BenchSupport.threadCpuSeconds(pid, WRITER_THREAD);
                    Map<String, Long> threadsBefore = BenchSupport.cpuTicksByThread(pid);
                    double seconds = BenchSupport.seconds(() -> {
                        FuseBench.createFiles(tree, files);
                        return null;
                    });
                    double cpu = BenchSupport.cpuSeconds(pid) - cpuBefore;
                    double writer = BenchSupport.threadCpuSeconds(pid, WRITER_THREAD) - writerBefore;
                    String busiest = BenchSupport.busiestThreads(threadsBefore, BenchSupport.cpuTicksByThread(pid), 8);
                    (audit.equals("on") ? on : off).add(seconds);
                    (audit.equals("on") ? cpuOn : cpuOff).add(cpu);
                    if (audit.equals("on")) {
                        writerCpu = writer;
                        written = BenchSupport.metric(pair.gatewayUrl(), "tapelib_audit_records_total").orElse(0);
                        dropped = BenchSupport.metric(pair.gatewayUrl(), "tapelib_audit_dropped_records_total")
                                .orElse(0);
                    }
                    System.out.println(format("fuse audit: run %d/%d AUDIT=%s: create of %,d files %.1f s, gateway CPU"
                            + " %.1f s (audit writer thread %.1f s); load %s", r, repeat, audit, files, seconds, cpu,
                            writer, BenchSupport.loadAverage()));
                    System.out.println("fuse audit:   gateway threads' CPU seconds: " + busiest);
                    BenchSupport.run("rm", "-rf", tree.toString());
                }
            }
        }
        double medianOff = BenchSupport.median(off);
        double medianOn = BenchSupport.median(on);
        System.out.println(format("fuse audit: create of %,d files of 1 KiB, medians of %d: AUDIT=off %.1f s, AUDIT=on"
                + " %.1f s (last AUDIT=on run: %.0f records written so far, %.0f dropped)", files, repeat, medianOff,
                medianOn, written, dropped));
        double medianCpuOff = BenchSupport.median(cpuOff);
        double medianCpuOn = BenchSupport.median(cpuOn);
        System.out.println(format("fuse audit: gateway CPU seconds during the create, medians of %d: AUDIT=off %.1f s,"
                + " AUDIT=on %.1f s (of which the audit writer thread %.1f s in the last run)", repeat, medianCpuOff,
                medianCpuOn, writerCpu));
        return format("fuse audit ratio: create time AUDIT=on/AUDIT=off %.3fx, gateway CPU %.3fx", medianOn / medianOff,
                medianCpuOn / medianCpuOff);
    }
}
