package io.tapelib.system.bench;

import static io.tapelib.system.bench.BenchSupport.format;

import io.tapelib.system.BenchPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test (issue 12, "fuse"): the mount of the real jars against the local disk it caches on, and
 * against libfuse's C passthrough examples when {@code deploy/bench.sh} could build them, in one run on one machine.
 * Two examples: {@code passthrough}, the reference of every ratio but the write's, and {@code passthrough_fh}, the
 * write's: {@code passthrough.c}'s fsync is a stub that returns 0 (libfuse 3.14 example), so {@code dd conv=fsync}
 * on it ends before its data reach the disk, whereas {@code passthrough_fh.c}'s fsync calls fsync(2) as the mount's
 * and the direct disk's do.
 * Per target, medians of {@code FUSE_BENCH_REPEAT} (3) runs of: a sequential write of {@code FUSE_BENCH_BIG_MIB} MiB
 * (1024) with {@code dd conv=fsync}; its cold read (page cache dropped); the creation of {@code FUSE_BENCH_FILES}
 * (100,000) files of 1 KiB in directories of 1,000 by this JVM; {@code find} printing each one's size, mode and
 * mtime (an lstat each) cold, then warm. The gateway runs with a WRITE_DELAY of a day, so nothing migrates meanwhile.
 * A target is run again only while its runs have taken less than {@code FUSE_BENCH_BUDGET_SECONDS} (600) in all.
 * Target {@code floor}: the same creates and finds (no big file) at a mount of the gateway's own FUSE binding over an
 * in-memory tree ({@link #measureFloor}): what the binding alone costs a create, under the mount's time and beside the
 * passthrough's. Its finds are no floor: the in-memory tree gives its listings no attributes (a LOOKUP per entry).
 * Target {@code audit} ({@link AuditBench}): the same creation with the gateway's AUDIT=off and AUDIT=on, and the ratio.
 *
 * <p>Arguments: {@code WORK_DIR [PASSTHROUGH_BINARY [PASSTHROUGH_FH_BINARY]]} (an empty argument: not built); the
 * work directory must be on the disk to compare with.
 */
public final class FuseBench {
    private static final int FILES_PER_DIRECTORY = 1000;
    private static final byte[] SMALL = new byte[1024];

    private FuseBench() {
    }

    /** Medians of one target, seconds. */
    record Figures(String target, int runs, double writeSeconds, double readSeconds, double createSeconds, double findColdSeconds,
                   double findWarmSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        String passthrough = args.length > 1 && !args[1].isBlank() ? args[1] : null;
        String passthroughFh = args.length > 2 && !args[2].isBlank() ? args[2] : null;
        int repeat = (int) BenchSupport.setting("FUSE_BENCH_REPEAT", 3);
        long bigMib = BenchSupport.setting("FUSE_BENCH_BIG_MIB", 1024);
        int files = (int) BenchSupport.setting("FUSE_BENCH_FILES", 100_000);
        BenchSupport.deleteTree(work);
        Files.createDirectories(work);

        // FUSE_BENCH_TARGETS: a subset (e.g. "mount" while profiling the gateway); the ratios need direct and mount
        List<String> targets = List.of(System.getenv()
                .getOrDefault("FUSE_BENCH_TARGETS", "direct,passthrough,passthrough_fh,floor,mount,audit").split(","));
        Map<String, Figures> results = new LinkedHashMap<>();
        if (targets.contains("direct")) {
            results.put("direct", measure("direct disk", Files.createDirectories(work.resolve("direct")), repeat, bigMib,
                    files, -1));
        }
        if (passthrough != null && targets.contains("passthrough")) {
            results.put("passthrough", measurePassthrough("libfuse passthrough", passthrough, work, repeat, bigMib, files));
        }
        if (passthroughFh != null && targets.contains("passthrough_fh")) {
            results.put("passthrough_fh", measurePassthrough("libfuse passthrough_fh", passthroughFh, work, repeat, bigMib,
                    files));
        }
        if (targets.contains("floor")) {
            results.put("floor", measureFloor(work, repeat, files));
        }
        if (targets.contains("mount")) {
            measureMount(work, repeat, bigMib, files, results);
        }
        print(results, bigMib, files, repeat);
        if (targets.contains("audit")) {
            System.out.println(AuditBench.measure(work, repeat, files));
        }
        BenchSupport.deleteTree(work);
    }

    /** One of libfuse's passthrough examples mounted over a backing directory of its own in {@code work}. */
    private static Figures measurePassthrough(String target, String binary, Path work, int repeat, long bigMib, int files)
            throws Exception {
        String name = Path.of(binary).getFileName().toString();
        Path backing = Files.createDirectories(work.resolve(name + "-backing"));
        Path mount = Files.createDirectories(work.resolve(name + "-mnt"));
        // the examples mirror the whole root file system unless told otherwise: libfuse's subdir module shows only
        // the backing directory, so that nothing under the mount point can reach anything else
        BenchSupport.run(binary, "-o", "modules=subdir,subdir=" + backing.toAbsolutePath(), mount.toString());
        try {
            return measure(target, mount, repeat, bigMib, files, BenchSupport.processWithArgument(mount.toString()));
        } finally {
            BenchSupport.unmount(mount);
        }
    }

    /**
     * The mount's own FUSE binding (libfuse 3 through {@code fs.libfuse3}, the mount options and worker threads of
     * {@code MountManager}) serving the gateway tests' in-memory tree ({@code MountHolderMain}: no catalog, no cache,
     * no disk), in a JVM with the gateway's options: what the binding alone costs a create, the floor under the
     * mount's time. Creates and finds only (its files live in its heap); its finds are no floor (see the class).
     *
     * @throws IllegalStateException the in-memory mount did not come up within 60 s
     */
    private static Figures measureFloor(Path work, int repeat, int files) throws Exception {
        Path mount = Files.createDirectories(work.resolve("floor-mnt"));
        Path gatewayTarget = Path.of(System.getProperty("tapelib.gateway.jar")).toAbsolutePath().getParent().getParent();
        String classpath = String.join(":", gatewayTarget.resolve("test-classes").toString(),
                gatewayTarget.resolve("classes").toString(), gatewayTarget.resolve("quarkus-app/lib/boot/*").toString(),
                gatewayTarget.resolve("quarkus-app/lib/main/*").toString());
        ProcessBuilder builder = new ProcessBuilder("java", "-cp", classpath, "io.tapelib.gateway.fs.MountHolderMain",
                mount.toString(), "3").redirectError(ProcessBuilder.Redirect.INHERIT);
        BenchSupport.productJavaOptions("fuse", "fuse-gateway", "FUSE_BENCH_GATEWAY_JAVA_OPTIONS", builder.environment());
        Process holder = builder.start();
        try {
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                } catch (IOException e) {
                    return "no line: " + e.getMessage();
                }
            });
            String line = ready.get(60, TimeUnit.SECONDS);
            if (!"MOUNTED".equals(line)) {
                throw new IllegalStateException("the floor's in-memory mount did not come up: " + line);
            }
            return measure("floor (binding, in-memory tree)", mount, repeat, 0, files, holder.pid());
        } finally {
            holder.getOutputStream().close(); // its standard input ends: it unmounts and exits
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
            if (BenchSupport.mountsUnder(mount).contains(mount.toAbsolutePath().normalize().toString())) {
                BenchSupport.unmount(mount);
            }
        }
    }

    private static void measureMount(Path work, int repeat, long bigMib, int files, Map<String, Figures> results)
            throws Exception {
        Map<String, String> gateway = new HashMap<>(Map.of("WRITE_DELAY", "24h"));
        // the gateway as the systemd unit runs it (deploy/fuse-gateway.jvm), plus e.g.
        // -XX:StartFlightRecording=filename=/tmp/gateway.jfr to profile it
        BenchSupport.productJavaOptions("fuse", "fuse-gateway", "FUSE_BENCH_GATEWAY_JAVA_OPTIONS", gateway);
        try (BenchPair pair = BenchPair.create("bench-fuse", work.resolve("pair"), Map.of(), gateway).start()) {
            results.put("mount", measure("tapelib mount", Files.createDirectories(pair.mount().resolve("bench")), repeat,
                    bigMib, files, pair.gatewayPid()));
        }
    }

    /** @param pid the process serving the target (its CPU seconds during the write are printed), or -1 for none */
    private static Figures measure(String target, Path dir, int repeat, long bigMib, int files, long pid)
            throws Exception {
        List<Double> write = new ArrayList<>();
        List<Double> read = new ArrayList<>();
        List<Double> create = new ArrayList<>();
        List<Double> findCold = new ArrayList<>();
        List<Double> findWarm = new ArrayList<>();
        long budget = BenchSupport.setting("FUSE_BENCH_BUDGET_SECONDS", 600) * 1_000_000_000L;
        long started = System.nanoTime();
        // a target slower than the budget is measured fewer times rather than keeping the run for an hour
        for (int r = 1; r <= repeat && (r == 1 || System.nanoTime() - started < budget); r++) {
            double[] cpu = new double[5]; // the serving process's CPU seconds at the start of read, create, finds, end
            if (bigMib > 0) {
                Path big = dir.resolve("big-" + r);
                BenchSupport.dropCaches();
                double cpuBefore = pid > 0 ? BenchSupport.cpuSeconds(pid) : 0;
                Map<String, Long> threadsBefore = pid > 0 ? BenchSupport.cpuTicksByThread(pid) : Map.of();
                write.add(BenchSupport.seconds(() -> BenchSupport.run("dd", "if=/dev/zero", "of=" + big, "bs=1M",
                        "count=" + bigMib, "conv=fsync", "status=none")));
                if (pid > 0) {
                    System.out.println(format("fuse: %s run %d: write %.1f s, the serving process's CPU %.2f s (%s);"
                            + " load %s", target, r, write.get(r - 1), BenchSupport.cpuSeconds(pid) - cpuBefore,
                            BenchSupport.busiestThreads(threadsBefore, BenchSupport.cpuTicksByThread(pid), 6),
                            BenchSupport.loadAverage()));
                }
                BenchSupport.dropCaches();
                cpu[0] = pid > 0 ? BenchSupport.cpuSeconds(pid) : 0;
                read.add(BenchSupport.seconds(() -> BenchSupport.run("dd", "if=" + big, "of=/dev/null", "bs=1M",
                        "status=none")));
                Files.delete(big);
            } else {
                write.add(Double.NaN);
                read.add(Double.NaN);
                cpu[0] = pid > 0 ? BenchSupport.cpuSeconds(pid) : 0;
            }

            Path tree = dir.resolve("small-" + r);
            BenchSupport.dropCaches();
            cpu[1] = pid > 0 ? BenchSupport.cpuSeconds(pid) : 0;
            create.add(BenchSupport.seconds(() -> {
                createFiles(tree, files);
                return null;
            }));
            if (pid > 0) {
                double createCpu = BenchSupport.cpuSeconds(pid) - cpu[1];
                System.out.println(format("fuse: %s run %d: create %.1f s, the serving process's CPU %.2f s (%.0f us per"
                        + " file); load %s", target, r, create.get(r - 1), createCpu, createCpu * 1e6 / files,
                        BenchSupport.loadAverage()));
            }
            BenchSupport.dropCaches();
            cpu[2] = pid > 0 ? BenchSupport.cpuSeconds(pid) : 0;
            String[] find = {"find", tree.toString(), "-printf", "%s %m %T@\\n"};
            String[] listed = new String[1];
            findCold.add(BenchSupport.seconds(() -> listed[0] = BenchSupport.run(find)));
            long entries = listed[0].lines().count();
            long expected = files + (files + FILES_PER_DIRECTORY - 1) / FILES_PER_DIRECTORY + 1;
            if (entries != expected) {
                throw new IllegalStateException(target + ": find listed " + entries + " entries, expected " + expected);
            }
            cpu[3] = pid > 0 ? BenchSupport.cpuSeconds(pid) : 0;
            findWarm.add(BenchSupport.seconds(() -> BenchSupport.run(find)));
            cpu[4] = pid > 0 ? BenchSupport.cpuSeconds(pid) : 0;
            if (pid > 0) {
                System.out.println(format("fuse: %s run %d: the serving process's CPU: cold read %.2f s, create %.2f s,"
                        + " find cold %.2f s, warm %.2f s", target, r, cpu[1] - cpu[0], cpu[2] - cpu[1],
                        cpu[3] - cpu[2], cpu[4] - cpu[3]));
            }
            BenchSupport.run("rm", "-rf", tree.toString());
            System.out.println(format("fuse: %s run %d/%d: %screate %.1f s, find cold %.2f s, warm %.2f s", target, r,
                    repeat, bigMib > 0 ? format("write %.1f s, cold read %.1f s, ", write.get(r - 1), read.get(r - 1)) : "",
                    create.get(r - 1), findCold.get(r - 1), findWarm.get(r - 1)));
        }
        return new Figures(target, write.size(), BenchSupport.median(write), BenchSupport.median(read), BenchSupport.median(create),
                BenchSupport.median(findCold), BenchSupport.median(findWarm));
    }

    /** {@code files} files of 1 KiB in directories of 1,000, each written and closed before the next. */
    static void createFiles(Path tree, int files) throws IOException {
        Path directory = null;
        for (int i = 0; i < files; i++) {
            if (i % FILES_PER_DIRECTORY == 0) {
                directory = Files.createDirectories(tree.resolve(format("d%03d", i / FILES_PER_DIRECTORY)));
            }
            Files.write(directory.resolve(format("f%06d", i)), SMALL);
        }
    }

    private static void print(Map<String, Figures> results, long bigMib, int files, int repeat) {
        List<List<String>> rows = new ArrayList<>();
        for (Figures f : results.values()) {
            boolean big = !Double.isNaN(f.writeSeconds());
            rows.add(List.of(f.target(), Integer.toString(f.runs()),
                    big ? format("%.0f", bigMib * 1.048576 / f.writeSeconds()) : "n/a",
                    big ? format("%.0f", bigMib * 1.048576 / f.readSeconds()) : "n/a", format("%.1f", f.createSeconds()),
                    format("%.0f", files / f.createSeconds()), format("%.2f", f.findColdSeconds()),
                    format("%.2f", f.findWarmSeconds())));
        }
        System.out.println();
        System.out.println(format("fuse: medians of up to %d runs (fewer when a target's runs take over"
                + " FUSE_BENCH_BUDGET_SECONDS); %d MiB written with dd conv=fsync and read cold; %,d files"
                + " of 1 KiB created; find with lstat of each", repeat, bigMib, files));
        System.out.print(BenchSupport.table(List.of("target", "runs", "write MB/s", "cold read MB/s", "create s", "files/s",
                "find cold s", "find warm s"), rows));
        Figures mount = results.get("mount");
        if (mount == null || !results.containsKey("direct")) {
            return;
        }
        StringBuilder ratios = new StringBuilder("fuse ratios:");
        ratios.append(ratios(mount, results.get("direct"), "direct"));
        if (results.containsKey("passthrough")) {
            ratios.append(";").append(ratios(mount, results.get("passthrough"), "passthrough"));
        } else {
            ratios.append("; passthrough n/a (not built)");
        }
        Figures floor = results.get("floor");
        if (floor != null) {
            ratios.append(format("; mount/floor create time %.2fx", mount.createSeconds() / floor.createSeconds()));
            if (results.containsKey("passthrough")) {
                ratios.append(format("; floor/passthrough create time %.2fx",
                        floor.createSeconds() / results.get("passthrough").createSeconds()));
            }
        }
        Figures durable = results.get("passthrough_fh");
        ratios.append(durable == null ? "; passthrough_fh n/a (not built)" : format(
                "; mount/passthrough_fh (fsync durable in both) write throughput %.2fx",
                durable.writeSeconds() / mount.writeSeconds()));
        System.out.println(ratios);
    }

    /** Time ratios mount/other (> 1: the mount is slower), for writes and reads as throughput ratios. */
    private static String ratios(Figures mount, Figures other, String name) {
        return format(" mount/%s write throughput %.2fx, cold read throughput %.2fx, create time %.2fx,"
                        + " find cold time %.2fx, find warm time %.2fx", name,
                other.writeSeconds() / mount.writeSeconds(), other.readSeconds() / mount.readSeconds(),
                mount.createSeconds() / other.createSeconds(), mount.findColdSeconds() / other.findColdSeconds(),
                mount.findWarmSeconds() / other.findWarmSeconds());
    }
}
