package io.tapelib.system.bench;

import static io.tapelib.system.bench.BenchSupport.format;

import io.tapelib.system.BenchPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test (issue 12, "catalog"): a cartridge holding {@code CATALOG_BENCH_FILES} (1,000,000) empty
 * files in directories of 1,000, indexed by the running pair at first start (the controller reads the cartridge's
 * index, the gateway catalogs it before it mounts): the seconds from the gateway's start to its readiness and the
 * peak resident set size of both processes (VmHWM); then {@code find} printing size, mode and mtime of each entry at
 * the mount (an lstat each), cold and warm. Each process runs with the memory budget the product gives it: the JVM
 * options of {@code deploy/<application>.jvm} (the systemd units' argument files; the system tests' -Xmx256m is the
 * same heap) and MALLOC_ARENA_MAX=2, as the units set it.
 *
 * <p>The cartridge is written once with the controller's own {@code import} (from a tree of empty files) and kept in
 * {@code WORK_DIR/cartridge-<files>}; each run starts from a copy of it.
 *
 * <p>CATALOG_BENCH_CONTROLLER_JAVA_OPTIONS and CATALOG_BENCH_GATEWAY_JAVA_OPTIONS, when set, are added to those
 * options (e.g. {@code -XX:StartFlightRecording=filename=/tmp/g.jfr} or
 * {@code -XX:NativeMemoryTracking=summary}). The CPU seconds each process used until the gateway was ready are printed
 * beside the wall-clock seconds: on a shared machine they are the figure to compare.
 *
 * <p>Argument: {@code WORK_DIR}.
 */
public final class CatalogBench {
    private static final int FILES_PER_DIRECTORY = 1000;
    private static final long RSS_GOAL = 512L << 20;
    private static final double SECONDS_GOAL = 60;

    private CatalogBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        int files = (int) BenchSupport.setting("CATALOG_BENCH_FILES", 1_000_000);
        Path cartridge = work.resolve("cartridge-" + files);
        if (!Files.exists(cartridge.resolve("done"))) {
            writeCartridge(cartridge, files);
        }
        Path run = work.resolve("run");
        BenchSupport.deleteTree(run);
        Files.createDirectories(run);
        BenchSupport.run("cp", "-a", cartridge.resolve("library").toString(), run.resolve("library").toString());

        Map<String, String> controller = new HashMap<>();
        Map<String, String> gateway = new HashMap<>(Map.of("WRITE_DELAY", "24h"));
        BenchSupport.productJavaOptions("catalog", "tape-controller", "CATALOG_BENCH_CONTROLLER_JAVA_OPTIONS", controller);
        BenchSupport.productJavaOptions("catalog", "fuse-gateway", "CATALOG_BENCH_GATEWAY_JAVA_OPTIONS", gateway);
        try (BenchPair pair = BenchPair.create("bench-catalog", run, controller, gateway)) {
            pair.startController();
            long started = System.nanoTime();
            pair.startGateway(Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - started) / 1e9;
            long controllerRss = BenchSupport.peakRss(pair.controllerPid());
            long gatewayRss = BenchSupport.peakRss(pair.gatewayPid());
            System.out.println(format("catalog: %,d files indexed and catalogued in %.1f s (CPU s from start:"
                    + " controller %.1f, gateway %.1f; load average %s)", files, seconds,
                    BenchSupport.cpuSeconds(pair.controllerPid()), BenchSupport.cpuSeconds(pair.gatewayPid()),
                    BenchSupport.loadAverage()));

            BenchSupport.dropCaches();
            String[] find = {"find", pair.mount().toString(), "-printf", "%s %m %T@\\n"};
            String[] listed = new String[1];
            double findCold = BenchSupport.seconds(() -> listed[0] = BenchSupport.run(find));
            long entries = listed[0].lines().count();
            double findWarm = BenchSupport.seconds(() -> BenchSupport.run(find));
            long expected = files + (files + FILES_PER_DIRECTORY - 1) / FILES_PER_DIRECTORY + 1;
            if (entries < expected) {
                throw new IllegalStateException("find listed " + entries + " entries, expected " + expected);
            }
            long gatewayRssAfterFind = BenchSupport.peakRss(pair.gatewayPid());
            System.out.println(format("catalog: after the finds the gateway's RSS is %d MiB (peak %d MiB)",
                    BenchSupport.rss(pair.gatewayPid()) >> 20, gatewayRssAfterFind >> 20));

            System.out.println();
            System.out.println(format("catalog: one cartridge of %,d empty files; both processes with the JVM options"
                    + " of deploy/*.jvm; peak RSS = VmHWM", files));
            System.out.print(BenchSupport.table(List.of("files", "index+catalog s", "controller peak RSS MiB",
                    "gateway peak RSS MiB", "find cold s", "find warm s", "gateway peak RSS after find MiB"),
                    List.of(List.of(format("%,d", files), format("%.1f", seconds), Long.toString(controllerRss >> 20),
                            Long.toString(gatewayRss >> 20), format("%.1f", findCold), format("%.1f", findWarm),
                            Long.toString(gatewayRssAfterFind >> 20)))));
            System.out.println(format("catalog ratios: seconds/goal %.2f (goal 60 s), controller RSS/512 MiB %.2f,"
                    + " gateway RSS/512 MiB %.2f (%.2f after find)", seconds / SECONDS_GOAL,
                    (double) controllerRss / RSS_GOAL, (double) gatewayRss / RSS_GOAL,
                    (double) gatewayRssAfterFind / RSS_GOAL));
        }
        BenchSupport.deleteTree(run);
    }

    /** A tree of empty files imported onto TL0001L5 of a new virtual library under {@code cartridge/library}. */
    private static void writeCartridge(Path cartridge, int files) throws Exception {
        BenchSupport.deleteTree(cartridge);
        Path source = Files.createDirectories(cartridge.resolve("source"));
        long started = System.nanoTime();
        for (int i = 0; i < files; i++) {
            Path directory = source.resolve(format("d%04d", i / FILES_PER_DIRECTORY));
            if (i % FILES_PER_DIRECTORY == 0) {
                Files.createDirectories(directory);
            }
            Files.createFile(directory.resolve(format("file-%07d", i)));
        }
        System.out.println(format("catalog: a source tree of %,d empty files made in %.1f s", files,
                (System.nanoTime() - started) / 1e9));
        started = System.nanoTime();
        try (BenchPair writer = BenchPair.create("bench-catalog-import", cartridge, Map.of("TAPELIB_VIRTUAL_CARTRIDGES",
                "2"), Map.of())) {
            writer.importTree(source, List.of("TL0001L5"), "2g");
        }
        System.out.println(format("catalog: imported onto TL0001L5 in %.1f s (once; kept in %s)",
                (System.nanoTime() - started) / 1e9, cartridge));
        BenchSupport.deleteTree(source);
        BenchSupport.deleteTree(cartridge.resolve("spool"));
        Files.writeString(cartridge.resolve("done"), "");
    }
}
