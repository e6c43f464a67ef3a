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
 * scale 0, against LTO-5's native 140 MB/s, in steady state. The service runs for months, so the measured round is
 * preceded by an unmeasured warm-up round of {@code PIPELINE_BENCH_WARMUP_MIB} MiB (1024; 0: none) through the same
 * path: without it the JIT compilers take about a third of both processes' CPU in the measured round.
 *
 * <p>Each round writes its files into the mount ({@code PIPELINE_BENCH_MIB} MiB (3072) in files of
 * {@code PIPELINE_BENCH_FILE_MIB} MiB (256) for the measured one), then rewrites each file's first bytes (the same
 * bytes) at once, so that all of them fall due together one write delay later ({@code PIPELINE_BENCH_WRITE_DELAY_S},
 * 30 s; the writes must end within it, else the round fails) and go to tape in one batch; then the cache is evicted
 * and the files recalled with one bulk call ({@code POST /api/v1/recall}: tape to cache, the pipeline alone, the
 * recall figure of the goal); then the cache is evicted again and every file read back through the mount (a reader
 * per file, 4 at a time: read-while-recall, where the readers' FUSE requests, about a third of the CPU, share the
 * machine with the pipeline). Throughput is the bytes of the controller's MIGRATE (RECALL) jobs over the span from the
 * first one's start to the last one's end (its jobs view), and end to end (from the files' due time until nothing is
 * dirty; from the bulk call until the gateway lists every file as cached; first read until the last byte).
 *
 * <p>Both processes run with the product's JVM options (deploy/*.jvm: the heap and the serial collector the systemd
 * units use), plus {@code PIPELINE_BENCH_CONTROLLER_JAVA_OPTIONS} and {@code PIPELINE_BENCH_GATEWAY_JAVA_OPTIONS}
 * (e.g. {@code -XX:StartFlightRecording=filename=/tmp/c.jfr}). Each direction of each round also prints the CPU
 * seconds per GiB of each process (user plus system, all threads), the fair figure on a loaded machine, and the load
 * average.
 *
 * <p>Argument: {@code WORK_DIR}.
 */
public final class PipelineBench {
    private static final double LTO5_BYTES_PER_SECOND = 140e6;
    private static final int MIB = 1 << 20;
    private static final int READERS = 4;
    /** Bytes rewritten at the start of each file to make it due again: the offset stamp of its first MiB. */
    private static final int STAMP_BYTES = Long.BYTES;

    private PipelineBench() {
    }

    /** Bytes, seconds and CPU seconds per GiB (both processes; NaN until measured) of one direction. */
    record Phase(String name, long bytes, double jobSeconds, double wallSeconds, int jobs, double cpuPerGib) {
        Phase withCpu(double cpuPerGib) {
            return new Phase(name, bytes, jobSeconds, wallSeconds, jobs, cpuPerGib);
        }

        double jobRate() {
            return bytes / jobSeconds;
        }

        double wallRate() {
            return bytes / wallSeconds;
        }
    }

    /**
     * One round: migrate, recall in bulk (tape to cache, the pipeline alone) and recall by reading through the mount
     * (read-while-recall: the readers' FUSE requests share the machine with the pipeline).
     */
    record Round(Phase migrate, Phase bulk, Phase read) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        long totalMib = BenchSupport.setting("PIPELINE_BENCH_MIB", 3072);
        long fileMib = BenchSupport.setting("PIPELINE_BENCH_FILE_MIB", 256);
        long warmupMib = BenchSupport.setting("PIPELINE_BENCH_WARMUP_MIB", 1024);
        Duration writeDelay = Duration.ofSeconds(BenchSupport.setting("PIPELINE_BENCH_WRITE_DELAY_S", 30));
        int files = (int) Math.max(1, totalMib / fileMib);
        BenchSupport.deleteTree(work);
        Map<String, String> controllerSettings = new HashMap<>();
        BenchSupport.productJavaOptions("pipeline", "tape-controller", "PIPELINE_BENCH_CONTROLLER_JAVA_OPTIONS",
                controllerSettings);
        Map<String, String> gatewaySettings = new HashMap<>(Map.of("WRITE_DELAY", writeDelay.toSeconds() + "s"));
        BenchSupport.productJavaOptions("pipeline", "fuse-gateway", "PIPELINE_BENCH_GATEWAY_JAVA_OPTIONS",
                gatewaySettings);
        try (BenchPair pair = BenchPair.create("bench-pipeline", work, controllerSettings, gatewaySettings).start()) {
            Round warmup = null;
            int warmupFiles = (int) Math.max(1, warmupMib / fileMib);
            if (warmupMib > 0) {
                warmup = round(pair, "warm-up", warmupFiles, fileMib, writeDelay);
            }
            Round measured = round(pair, "measured", files, fileMib, writeDelay);
            System.out.println();
            if (warmup == null) {
                System.out.println("pipeline: no warm-up round (PIPELINE_BENCH_WARMUP_MIB=0): the figures below are"
                        + " the fresh JVMs' first work, JIT compilation included");
            } else {
                System.out.println(format("pipeline: warm-up round (%d MiB, fresh JVMs, not in the table): migrate %.0f"
                                + " MB/s, bulk recall %.0f MB/s, read recall %.0f MB/s (job span); CPU seconds per GiB,"
                                + " both processes: %.2f, %.2f, %.2f", warmupFiles * fileMib,
                        warmup.migrate().jobRate() / 1e6, warmup.bulk().jobRate() / 1e6, warmup.read().jobRate() / 1e6,
                        warmup.migrate().cpuPerGib(), warmup.bulk().cpuPerGib(), warmup.read().cpuPerGib()));
            }
            print(measured, files, fileMib, warmup == null ? 0 : warmupFiles * fileMib);
        }
        BenchSupport.deleteTree(work);
    }

    /**
     * Writes {@code files} files of {@code fileMib} MiB into a directory of the mount named after the round, lets
     * them migrate in one batch, evicts them and recalls them in bulk, evicts them again and reads them back; prints
     * each direction's CPU and jobs.
     *
     * @throws IllegalStateException the writes took longer than the write delay (some files went to tape before
     *                               the others), or a read came back short
     */
    private static Round round(BenchPair pair, String name, int files, long fileMib, Duration writeDelay)
            throws Exception {
        Path directory = Files.createDirectories(pair.mount().resolve(name));
        Instant writeStart = Instant.now();
        long started = System.nanoTime();
        List<Path> written = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            Path file = directory.resolve(format("f%03d.bin", f));
            write(file, fileMib * MIB, f);
            written.add(file);
        }
        for (Path file : written) {
            touchFirstBytes(file);
        }
        // the directory, new as well, changed last at its last file's creation: a child made and removed now makes
        // it fall due with its files, not alone in a batch of its own just before them
        Path marker = Files.createFile(directory.resolve("due-now"));
        Files.delete(marker);
        Instant due = Instant.now().plus(writeDelay);
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        long bytes = files * fileMib * MIB;
        System.out.println(format("pipeline: %s round: wrote %,d bytes into the mount in %.1f s", name, bytes,
                writeSeconds));
        if (writeSeconds > writeDelay.toSeconds() - 2) {
            throw new IllegalStateException(format("the writes took %.1f s, too close to the write delay of %d s: the"
                    + " first files may have gone to tape alone; raise PIPELINE_BENCH_WRITE_DELAY_S", writeSeconds,
                    writeDelay.toSeconds()));
        }
        // the CPU counted from the moment the files fall due: the idle wait before it is no part of the migration
        await("the files' write delay").pollDelay(Duration.between(Instant.now(), due).plusMillis(1))
                .atMost(writeDelay.plusSeconds(5)).until(() -> true);
        started = System.nanoTime();
        Cpu cpu = cpu(pair);
        awaitNothingDirty(pair);
        Phase migrate = phase(pair, "MIGRATE", writeStart, (System.nanoTime() - started) / 1e9);
        double migrateCpu = printCpu(name + " migrate", pair, cpu, bytes);
        System.out.println(format("pipeline: %s round: migrated %,d bytes in %d job(s) at %.0f MB/s (job span)", name,
                migrate.bytes(), migrate.jobs(), migrate.jobRate() / 1e6));

        BenchSupport.post(pair.gatewayUrl() + "/api/v1/cache/evict", "{}");
        BenchSupport.dropCaches();
        Instant bulkStart = Instant.now();
        started = System.nanoTime();
        cpu = cpu(pair);
        recallInBulk(pair, directory, written);
        Phase bulk = phase(pair, "RECALL", bulkStart, (System.nanoTime() - started) / 1e9)
                .withCpu(printCpu(name + " bulk recall", pair, cpu, bytes));
        System.out.println(format("pipeline: %s round: recalled in bulk %,d bytes in %d job(s) at %.0f MB/s (job"
                + " span)", name, bulk.bytes(), bulk.jobs(), bulk.jobRate() / 1e6));

        BenchSupport.post(pair.gatewayUrl() + "/api/v1/cache/evict", "{}");
        BenchSupport.dropCaches();
        Instant readStart = Instant.now();
        started = System.nanoTime();
        cpu = cpu(pair);
        readAll(written, fileMib * MIB);
        Phase read = phase(pair, "RECALL", readStart, (System.nanoTime() - started) / 1e9)
                .withCpu(printCpu(name + " read recall", pair, cpu, bytes));
        System.out.println(format("pipeline: %s round: recalled by reads %,d bytes in %d job(s) at %.0f MB/s (job"
                + " span)", name, read.bytes(), read.jobs(), read.jobRate() / 1e6));
        return new Round(migrate.withCpu(migrateCpu), bulk, read);
    }

    /**
     * Queues the recall of {@code files} with one bulk call ({@code POST /api/v1/recall}, as {@code tapelib recall}
     * does) and waits until the gateway lists every one of them as cached: no reader in the way, tape to cache only.
     */
    private static void recallInBulk(BenchPair pair, Path directory, List<Path> files) throws Exception {
        String mountDirectory = "/" + pair.mount().relativize(directory);
        StringBuilder paths = new StringBuilder();
        for (Path file : files) {
            paths.append(paths.isEmpty() ? "" : ",").append('"').append(mountDirectory).append('/')
                    .append(file.getFileName()).append('"');
        }
        var answer = BenchSupport.post(pair.gatewayUrl() + "/api/v1/recall", "{\"paths\": [" + paths + "]}");
        if (answer.statusCode() != 202 || JsonPath.from(answer.body()).getInt("queued") != files.size()) {
            throw new IllegalStateException("the bulk recall did not queue all " + files.size() + " files: "
                    + answer.statusCode() + " " + answer.body());
        }
        String cachedUrl = pair.gatewayUrl() + "/api/v1/files?state=cached&path="
                + java.net.URLEncoder.encode(mountDirectory, java.nio.charset.StandardCharsets.UTF_8);
        await("all " + files.size() + " files cached").atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> JsonPath.from(BenchSupport.get(cachedUrl)).getList("entries").size() == files.size());
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
     * compiler threads' share (C1/C2 CompilerThre#) is warm-up, which the warm-up round takes most of. A compiler
     * thread that ended meanwhile is missing from its list, not from its process's figure.
     *
     * @return the CPU seconds per GiB of both processes together
     */
    private static double printCpu(String direction, BenchPair pair, Cpu before, long bytes) throws IOException {
        Cpu after = cpu(pair);
        double gib = bytes / (double) (1L << 30);
        double both = (after.controller() - before.controller() + after.gateway() - before.gateway()) / gib;
        System.out.println(format("pipeline: %s CPU seconds per GiB: controller %.2f, gateway %.2f, both %.2f; load %s",
                direction, (after.controller() - before.controller()) / gib,
                (after.gateway() - before.gateway()) / gib,
                both, BenchSupport.loadAverage()));
        System.out.println(format("pipeline: %s busiest threads, CPU seconds: controller %s; gateway %s", direction,
                BenchSupport.busiestThreads(before.controllerThreads(), after.controllerThreads(), 5),
                BenchSupport.busiestThreads(before.gatewayThreads(), after.gatewayThreads(), 5)));
        return both;
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

    /**
     * Writes a file's first {@link #STAMP_BYTES} bytes again, unchanged (the offset stamp 0 of {@link #write}): the
     * file counts as changed now, so the files of a round touched one after the other fall due together.
     */
    private static void touchFirstBytes(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer stamp = ByteBuffer.allocate(STAMP_BYTES).putLong(0, 0);
            while (stamp.hasRemaining()) {
                channel.write(stamp, stamp.position());
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
        return new Phase(type, bytes, java.time.Duration.between(first, last).toNanos() / 1e9, wallSeconds, count,
                Double.NaN);
    }

    /** The controller's jobs of {@code type} submitted since {@code since}, finished or not. */
    private static List<Map<String, Object>> jobs(BenchPair pair, String type, Instant since) throws Exception {
        List<Map<String, Object>> all = JsonPath.from(BenchSupport.get(pair.controllerUrl() + "/api/v1/jobs"))
                .getList("$");
        return all.stream().filter(job -> type.equals(job.get("type"))
                && !Instant.parse((String) job.get("submitted")).isBefore(since)).toList();
    }

    private static void print(Round measured, int files, long fileMib, long warmupMib) {
        List<Phase> phases = List.of(measured.migrate(), measured.bulk(), measured.read());
        List<String> names = List.of("migrate", "recall (bulk)", "recall (reads)");
        System.out.println(format("pipeline: %d files of %d MiB, time scale 0, one drive, %s; job span = first start"
                + " to last end of the controller's jobs", files, fileMib, warmupMib == 0 ? "no warm-up (fresh JVMs)"
                : format("after a warm-up round of %d MiB", warmupMib)));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            rows.add(List.of(names.get(i), format("%,d", phase.bytes()), Integer.toString(phase.jobs()),
                    format("%.1f", phase.jobSeconds()), format("%.0f", phase.jobRate() / 1e6),
                    format("%.1f", phase.wallSeconds()), format("%.0f", phase.wallRate() / 1e6),
                    format("%.2f", phase.jobRate() / LTO5_BYTES_PER_SECOND), format("%.2f", phase.cpuPerGib())));
        }
        System.out.print(BenchSupport.table(List.of("direction", "bytes", "jobs", "job span s", "MB/s", "end-to-end s",
                "end-to-end MB/s", "x 140 MB/s", "CPU s/GiB"), rows));
        System.out.println(format("pipeline ratios: migrate %.2fx LTO-5 (end to end %.2fx), recall %.2fx (end to end"
                        + " %.2fx); goal >= 3x; recall by reads through the mount %.2fx (end to end %.2fx)%s",
                phases.get(0).jobRate() / LTO5_BYTES_PER_SECOND, phases.get(0).wallRate() / LTO5_BYTES_PER_SECOND,
                phases.get(1).jobRate() / LTO5_BYTES_PER_SECOND, phases.get(1).wallRate() / LTO5_BYTES_PER_SECOND,
                phases.get(2).jobRate() / LTO5_BYTES_PER_SECOND, phases.get(2).wallRate() / LTO5_BYTES_PER_SECOND,
                warmupMib == 0 ? "; no warm-up" : format("; after a warm-up of %d MiB", warmupMib)));
    }
}
