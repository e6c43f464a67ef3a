package io.tapelib.system.bench;

import static io.tapelib.system.bench.BenchSupport.format;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.tapelib.system.BenchPair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Benchmark, not a test (issue 12, "pipeline"): migrate and recall throughput of the real jars over gRPC at time
 * scale 0, against LTO-5's native 140 MB/s. {@code PIPELINE_BENCH_MIB} MiB (3072) in files of
 * {@code PIPELINE_BENCH_FILE_MIB} MiB (256) are written into the mount while the write delay is a day; the gateway is
 * then restarted with a write delay of 1 s and migrates them; then the cache is evicted and every file read back (a
 * reader per file, 4 at a time). Throughput is the bytes of the controller's MIGRATE (RECALL) jobs over the span from
 * the first one's start to the last one's end (its jobs view), and end to end (restart until nothing is dirty; first
 * read until the last byte).
 *
 * <p>Both processes run with the product's JVM options (deploy/*.jvm: the heap and the serial collector the systemd
 * units use), plus {@code PIPELINE_BENCH_CONTROLLER_JAVA_OPTIONS} and {@code PIPELINE_BENCH_GATEWAY_JAVA_OPTIONS}
 * (e.g. {@code -XX:StartFlightRecording=filename=/tmp/c.jfr}). Each direction also prints the CPU seconds per GiB of
 * each process (user plus system, all threads; the gateway's counted from its restart's readiness), the fair figure
 * on a loaded machine, and the load average.
 *
 * <p>Argument: {@code WORK_DIR}.
 */
public final class PipelineBench {
    private static final double LTO5_BYTES_PER_SECOND = 140e6;
    private static final int MIB = 1 << 20;
    private static final int READERS = 4;

    private PipelineBench() {
    }

    /** Bytes and seconds of one direction. */
    record Phase(String name, long bytes, double jobSeconds, double wallSeconds, int jobs) {
        double jobRate() {
            return bytes / jobSeconds;
        }

        double wallRate() {
            return bytes / wallSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        long totalMib = BenchSupport.setting("PIPELINE_BENCH_MIB", 3072);
        long fileMib = BenchSupport.setting("PIPELINE_BENCH_FILE_MIB", 256);
        int files = (int) Math.max(1, totalMib / fileMib);
        BenchSupport.deleteTree(work);
        Map<String, String> controllerSettings = new HashMap<>();
        BenchSupport.productJavaOptions("pipeline", "tape-controller", "PIPELINE_BENCH_CONTROLLER_JAVA_OPTIONS",
                controllerSettings);
        Map<String, String> gatewaySettings = new HashMap<>(Map.of("WRITE_DELAY", "24h"));
        BenchSupport.productJavaOptions("pipeline", "fuse-gateway", "PIPELINE_BENCH_GATEWAY_JAVA_OPTIONS",
                gatewaySettings);
        try (BenchPair pair = BenchPair.create("bench-pipeline", work, controllerSettings, gatewaySettings).start()) {
            Path directory = Files.createDirectories(pair.mount().resolve("pipeline"));
            long started = System.nanoTime();
            List<Path> written = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                Path file = directory.resolve(format("f%03d.bin", f));
                write(file, fileMib * MIB, f);
                written.add(file);
            }
            double writeSeconds = (System.nanoTime() - started) / 1e9;
            long bytes = files * fileMib * MIB;
            System.out.println(format("pipeline: wrote %,d bytes into the mount in %.1f s", bytes, writeSeconds));

            Instant migrationStart = Instant.now();
            started = System.nanoTime();
            pair.restartGateway(Map.of("WRITE_DELAY", "1s"));
            Cpu cpu = cpu(pair);
            awaitNothingDirty(pair);
            Phase migrate = phase(pair, "MIGRATE", migrationStart, (System.nanoTime() - started) / 1e9);
            printCpu("migrate", pair, cpu, migrate.bytes());
            System.out.println(format("pipeline: migrated %,d bytes in %d job(s)", migrate.bytes(), migrate.jobs()));

            BenchSupport.post(pair.gatewayUrl() + "/api/v1/cache/evict", "{}");
            BenchSupport.dropCaches();
            Instant recallStart = Instant.now();
            started = System.nanoTime();
            cpu = cpu(pair);
            readAll(written, fileMib * MIB);
            Phase recall = phase(pair, "RECALL", recallStart, (System.nanoTime() - started) / 1e9);
            printCpu("recall", pair, cpu, recall.bytes());
            System.out.println(format("pipeline: recalled %,d bytes in %d job(s)", recall.bytes(), recall.jobs()));
            print(List.of(migrate, recall), files, fileMib);
        }
        BenchSupport.deleteTree(work);
    }

    /**
     * CPU so far of the controller and of the gateway: seconds of each process and clock ticks of each one's threads
     * by name ({@link BenchSupport#cpuTicksByThread}).
     */
    record Cpu(double controller, double gateway, Map<String, Long> controllerThreads,
               Map<String, Long> gatewayThreads) {
    }

    private static Cpu cpu(BenchPair pair) throws IOException {
        return new Cpu(BenchSupport.cpuSeconds(pair.controllerPid()), BenchSupport.cpuSeconds(pair.gatewayPid()),
                BenchSupport.cpuTicksByThread(pair.controllerPid()), BenchSupport.cpuTicksByThread(pair.gatewayPid()));
    }

    /**
     * Prints the CPU seconds per GiB of each process, then each one's busiest threads in CPU seconds: the JIT
     * compiler threads' share (C1/C2 CompilerThre#) is warm-up, which a longer run spreads over more bytes. A
     * compiler thread that ended meanwhile is missing from its list, not from its process's figure.
     */
    private static void printCpu(String direction, BenchPair pair, Cpu before, long bytes) throws IOException {
        Cpu after = cpu(pair);
        double gib = bytes / (double) (1L << 30);
        System.out.println(format("pipeline: %s CPU seconds per GiB: controller %.2f, gateway %.2f, both %.2f; load %s",
                direction, (after.controller() - before.controller()) / gib,
                (after.gateway() - before.gateway()) / gib,
                (after.controller() - before.controller() + after.gateway() - before.gateway()) / gib,
                BenchSupport.loadAverage()));
        System.out.println(format("pipeline: %s busiest threads, CPU seconds: controller %s; gateway %s", direction,
                BenchSupport.busiestThreads(before.controllerThreads(), after.controllerThreads(), 5),
                BenchSupport.busiestThreads(before.gatewayThreads(), after.gatewayThreads(), 5)));
    }

    /** {@code length} bytes: a random MiB of this seed, stamped with its offset in every MiB. */
    private static void write(Path file, long length, long seed) throws IOException {
        byte[] block = new byte[MIB];
        new Random(seed).nextBytes(block);
        ByteBuffer buffer = ByteBuffer.wrap(block);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long offset = 0; offset < length; offset += MIB) {
                buffer.clear();
                buffer.putLong(0, offset);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        }
    }

    private static void awaitNothingDirty(BenchPair pair) throws Exception {
        await("no dirty file left").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> JsonPath.from(BenchSupport.get(pair.gatewayUrl() + "/api/v1/status")).getInt("dirtyFiles")
                        == 0);
    }

    private static void readAll(List<Path> files, long length) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        try {
            List<Future<Long>> reads = new ArrayList<>();
            for (Path file : files) {
                reads.add(readers.submit(() -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        return in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }));
            }
            for (int i = 0; i < reads.size(); i++) {
                long read = reads.get(i).get();
                if (read != length) {
                    throw new IllegalStateException(files.get(i) + ": read " + read + " bytes of " + length);
                }
            }
        } finally {
            readers.shutdownNow();
        }
    }

    /**
     * The controller's jobs of {@code type} submitted since {@code since}: their bytes over their span. The readers
     * may have their last byte before the controller's RECALL job is recorded as finished: waits (at most 60 s) until
     * every such job has finished.
     */
    private static Phase phase(BenchPair pair, String type, Instant since, double wallSeconds) throws Exception {
        List<Map<String, Object>> jobs;
        try {
            jobs = await("the " + type + " jobs finished").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> jobs(pair, type, since),
                            found -> !found.isEmpty() && found.stream().allMatch(job -> job.get("finished") != null));
        } catch (ConditionTimeoutException stillRunning) {
            jobs = jobs(pair, type, since); // the figures below count the finished ones
        }
        long bytes = 0;
        Instant first = null;
        Instant last = null;
        int count = 0;
        for (Map<String, Object> job : jobs) {
            if (job.get("started") == null || job.get("finished") == null) {
                continue;
            }
            count++;
            bytes += ((Number) job.get("bytes")).longValue();
            Instant started = Instant.parse((String) job.get("started"));
            Instant finished = Instant.parse((String) job.get("finished"));
            first = first == null || started.isBefore(first) ? started : first;
            last = last == null || finished.isAfter(last) ? finished : last;
        }
        if (count == 0) {
            throw new IllegalStateException("no finished " + type + " job since " + since);
        }
        return new Phase(type, bytes, java.time.Duration.between(first, last).toNanos() / 1e9, wallSeconds, count);
    }

    /** The controller's jobs of {@code type} submitted since {@code since}, finished or not. */
    private static List<Map<String, Object>> jobs(BenchPair pair, String type, Instant since) throws Exception {
        List<Map<String, Object>> all = JsonPath.from(BenchSupport.get(pair.controllerUrl() + "/api/v1/jobs"))
                .getList("$");
        return all.stream().filter(job -> type.equals(job.get("type"))
                && !Instant.parse((String) job.get("submitted")).isBefore(since)).toList();
    }

    private static void print(List<Phase> phases, int files, long fileMib) {
        System.out.println();
        System.out.println(format("pipeline: %d files of %d MiB, time scale 0, one drive; job span = first start to"
                + " last end of the controller's jobs", files, fileMib));
        List<List<String>> rows = new ArrayList<>();
        for (Phase phase : phases) {
            rows.add(List.of(phase.name().toLowerCase(), format("%,d", phase.bytes()), Integer.toString(phase.jobs()),
                    format("%.1f", phase.jobSeconds()), format("%.0f", phase.jobRate() / 1e6),
                    format("%.1f", phase.wallSeconds()), format("%.0f", phase.wallRate() / 1e6),
                    format("%.2f", phase.jobRate() / LTO5_BYTES_PER_SECOND)));
        }
        System.out.print(BenchSupport.table(List.of("direction", "bytes", "jobs", "job span s", "MB/s", "end-to-end s",
                "end-to-end MB/s", "x 140 MB/s"), rows));
        System.out.println(format("pipeline ratios: migrate %.2fx LTO-5 (end to end %.2fx), recall %.2fx (end to end"
                        + " %.2fx); goal >= 3x", phases.get(0).jobRate() / LTO5_BYTES_PER_SECOND,
                phases.get(0).wallRate() / LTO5_BYTES_PER_SECOND, phases.get(1).jobRate() / LTO5_BYTES_PER_SECOND,
                phases.get(1).wallRate() / LTO5_BYTES_PER_SECOND));
    }
}
