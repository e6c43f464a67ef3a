package io.tapelib.system.bench;

import static io.tapelib.system.bench.BenchSupport.format;

import io.restassured.path.json.JsonPath;
import io.tapelib.system.BenchPair;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * Benchmark, not a test (issue 12, "recall"): {@code RECALL_BENCH_RECALLS} (1,000) recalls of distinct random files
 * spread over {@code RECALL_BENCH_CARTRIDGES} (20) cartridges of {@code RECALL_BENCH_FILES_PER_CARTRIDGE} (100) files
 * of {@code RECALL_BENCH_FILE_KIB} KiB (512: one LTFS block) each, imported with the controller's {@code import}, on a
 * virtual library of 1 drive and then one of 2 drives, time scale 0 (the timing model accounts simulated seconds
 * without sleeping). The cartridges' capacity is scaled down to twice their data so that the files lie across all
 * wraps, as on a full cartridge, and a locate's distance matters. Submitted at once through the gateway's bulk
 * {@code POST /api/v1/recall}, or, where the gateway has none, as concurrent reads by 16 threads. Measured: cartridge
 * loads (the controller's {@code tapelib_cartridge_loads_total}) and simulated tape seconds
 * ({@code tapelib_virtual_simulated_seconds}), against the lower bound and a FIFO order computed with the same
 * timing model from the files' positions ({@code user.tapelib.tapes}, {@code user.tapelib.startblock}).
 *
 * <p>Argument: {@code WORK_DIR}.
 */
public final class RecallBench {
    private static final String LOADS = "tapelib_cartridge_loads_total";
    private static final String SIMULATED = "tapelib_virtual_simulated_seconds";
    private static final int READERS = 16;

    private RecallBench() {
    }

    /** One run's figures; simulated is NaN where the controller does not export it. */
    record Run(int drives, String submittedBy, int recalls, int touched, double loads, double simulated,
               double lowerBound, double fifo, double wallSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        int recalls = (int) BenchSupport.setting("RECALL_BENCH_RECALLS", 1000);
        int cartridges = (int) BenchSupport.setting("RECALL_BENCH_CARTRIDGES", 20);
        int perCartridge = (int) BenchSupport.setting("RECALL_BENCH_FILES_PER_CARTRIDGE", 100);
        int fileBytes = (int) BenchSupport.setting("RECALL_BENCH_FILE_KIB", 512) * 1024;
        if (recalls > cartridges * perCartridge) {
            throw new IllegalArgumentException("more recalls than files: " + recalls + " > " + cartridges * perCartridge);
        }
        BenchSupport.deleteTree(work);
        Path source = Files.createDirectories(work.resolve("source"));
        writeSource(source, cartridges, perCartridge, fileBytes);
        long capacity = Math.max(64L << 20, 2L * perCartridge * fileBytes);

        List<Run> runs = new ArrayList<>();
        for (int drives : List.of(1, 2)) {
            runs.add(run(work.resolve(drives + "-drives"), source, drives, cartridges, capacity, recalls));
        }
        print(runs, cartridges, perCartridge, fileBytes, capacity);
        BenchSupport.deleteTree(work);
    }

    /** Directories c01..cNN, one per cartridge (the import spreads the bytes evenly at directory boundaries). */
    private static void writeSource(Path source, int cartridges, int perCartridge, int fileBytes) throws IOException {
        Random random = new Random(12);
        byte[] content = new byte[fileBytes];
        for (int c = 1; c <= cartridges; c++) {
            Path directory = Files.createDirectories(source.resolve(format("c%02d", c)));
            for (int f = 1; f <= perCartridge; f++) {
                random.nextBytes(content);
                Files.write(directory.resolve(format("f%04d.bin", f)), content);
            }
        }
    }

    private static Run run(Path work, Path source, int drives, int cartridges, long capacity, int recalls)
            throws Exception {
        Map<String, String> controller = Map.of("TAPELIB_VIRTUAL_DRIVES", Integer.toString(drives),
                "TAPELIB_VIRTUAL_CARTRIDGES", Integer.toString(cartridges),
                "TAPELIB_VIRTUAL_CAPACITY_BYTES", Long.toString(capacity));
        try (BenchPair pair = BenchPair.create("bench-recall-" + drives + "-drives", work, controller,
                Map.of("WRITE_DELAY", "24h"))) {
            List<String> tags = IntStream.rangeClosed(1, cartridges).mapToObj(n -> format("TL%04dL5", n)).toList();
            long started = System.nanoTime();
            pair.importTree(source, tags);
            System.out.println(format("recall: %d drive(s): imported %d cartridges in %.1f s", drives, cartridges,
                    (System.nanoTime() - started) / 1e9));
            pair.start();
            List<Path> files = awaitCatalog(pair.mount(), source);
            Map<String, TapeGeometry> geometry = new HashMap<>();
            for (String tag : tags) {
                geometry.put(tag, TapeGeometry.read(pair.cartridges().resolve(tag)));
            }
            // the same random choice and order in both runs
            List<Path> chosen = new ArrayList<>(files);
            Collections.shuffle(chosen, new Random(1000));
            chosen = chosen.subList(0, recalls);
            List<RecallCost.Request> requests = new ArrayList<>();
            for (Path file : chosen) {
                String tag = xattr(file, "tapelib.tapes").split(",")[0];
                long start = Long.parseLong(xattr(file, "tapelib.startblock"));
                requests.add(new RecallCost.Request(tag, start, geometry.get(tag).endBlock(start, Files.size(file))));
            }
            int touched = new LinkedHashSet<>(requests.stream().map(RecallCost.Request::volumeTag).toList()).size();

            emptyDrives(pair);
            double loadsBefore = BenchSupport.metric(pair.controllerUrl(), LOADS).orElse(0);
            OptionalDouble simulatedBefore = BenchSupport.metric(pair.controllerUrl(), SIMULATED);
            started = System.nanoTime();
            String submittedBy = submit(pair, chosen);
            double wall = (System.nanoTime() - started) / 1e9;
            emptyDrives(pair);
            double loads = BenchSupport.metric(pair.controllerUrl(), LOADS).orElse(0) - loadsBefore;
            OptionalDouble simulatedAfter = BenchSupport.metric(pair.controllerUrl(), SIMULATED);
            double simulated = simulatedBefore.isPresent() && simulatedAfter.isPresent()
                    ? simulatedAfter.getAsDouble() - simulatedBefore.getAsDouble() : Double.NaN;
            RecallCost cost = new RecallCost(geometry);
            Run run = new Run(drives, submittedBy, recalls, touched, loads, simulated, cost.lowerBound(requests),
                    cost.fifo(requests, drives), wall);
            System.out.println(format("recall: %d drive(s): %d recalls (%s) in %.1f s, %.0f loads", drives, recalls,
                    submittedBy, wall, loads));
            return run;
        }
    }

    /** Waits until the gateway has catalogued every imported file; the mount's files, sorted. */
    private static List<Path> awaitCatalog(Path mount, Path source) throws Exception {
        List<Path> expected;
        try (var walk = Files.walk(source)) {
            expected = walk.filter(Files::isRegularFile).map(f -> mount.resolve(source.relativize(f).toString()))
                    .sorted().toList();
        }
        Awaitility.await("the mount shows the imported files").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500)).until(() -> expected.stream().allMatch(Files::exists));
        return expected;
    }

    /**
     * The bulk call when the gateway has it (then waits until every file is cached), else concurrent reads of the
     * whole files; says which.
     */
    private static String submit(BenchPair pair, List<Path> files) throws Exception {
        StringBuilder json = new StringBuilder("{\"paths\":[");
        for (int i = 0; i < files.size(); i++) {
            json.append(i == 0 ? "" : ",").append(BenchSupport.quote("/" + pair.mount().relativize(files.get(i))));
        }
        HttpResponse<String> response = BenchSupport.post(pair.gatewayUrl() + "/api/v1/recall", json.append("]}")
                .toString());
        if (response.statusCode() == 202) {
            // one deadline for the whole list: the files that are cached drop out of the next look
            List<Path> waiting = new ArrayList<>(files);
            Awaitility.await("every file recalled").atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        for (var it = waiting.iterator(); it.hasNext(); ) {
                            if ("cached".equals(xattr(it.next(), "tapelib.state"))) {
                                it.remove();
                            }
                        }
                        return waiting.isEmpty();
                    });
            return "bulk POST /api/v1/recall";
        }
        if (response.statusCode() != 404 && response.statusCode() != 405) {
            throw new IllegalStateException("POST /api/v1/recall: HTTP " + response.statusCode() + " " + response.body());
        }
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
            for (Future<Long> read : reads) {
                read.get();
            }
        } finally {
            readers.shutdownNow();
        }
        return "no bulk call (HTTP " + response.statusCode() + "): " + READERS + " concurrent readers";
    }

    /** Unloads every full drive, retrying while a job still holds it (at most 10 minutes). */
    private static void emptyDrives(BenchPair pair) throws Exception {
        Awaitility.await("every drive empty").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<Map<String, Object>> drives = JsonPath.from(
                            BenchSupport.get(pair.controllerUrl() + "/api/v1/library")).getList("drives");
                    boolean allEmpty = true;
                    for (int d = 0; d < drives.size(); d++) {
                        if (Boolean.TRUE.equals(drives.get(d).get("full"))) {
                            allEmpty = false;
                            BenchSupport.post(pair.controllerUrl() + "/api/v1/drives/" + d + "/unload", "{}");
                        }
                    }
                    return allEmpty;
                });
    }

    private static String xattr(Path file, String name) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer buffer = ByteBuffer.allocate(view.size(name) + 256);
        view.read(name, buffer);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static void print(List<Run> runs, int cartridges, int perCartridge, int fileBytes, long capacity) {
        System.out.println();
        System.out.println(format("recall: %,d files of %d KiB on %d cartridges of %,d bytes; time scale 0; simulated"
                + " seconds summed over the robot and all drives", cartridges * perCartridge, fileBytes / 1024,
                cartridges, capacity));
        for (Run run : runs) {
            System.out.println(format("recall: %d drive(s) submitted by %s", run.drives(), run.submittedBy()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Run run : runs) {
            rows.add(List.of(Integer.toString(run.drives()), Integer.toString(run.recalls()),
                    Integer.toString(run.touched()), format("%.0f", run.loads()), simulated(run.simulated()),
                    format("%.0f", run.lowerBound()), format("%.0f", run.fifo()),
                    Double.isNaN(run.simulated()) ? "n/a" : format("%.2f", run.simulated() / run.lowerBound()),
                    format("%.2f", run.fifo() / run.lowerBound()), format("%.1f", run.wallSeconds())));
        }
        System.out.print(BenchSupport.table(List.of("drives", "recalls", "cartridges", "loads", "simulated s",
                "lower bound s", "FIFO s", "sim/lower", "FIFO/lower", "wall s"), rows));
        StringBuilder ratios = new StringBuilder("recall ratios:");
        for (Run run : runs) {
            ratios.append(format(" %d drive(s) loads/cartridges %.2f (goal 1.00), simulated/lower bound %s (goal <="
                    + " 1.15), FIFO/lower bound %.2f;", run.drives(), run.loads() / run.touched(),
                    Double.isNaN(run.simulated()) ? "n/a" : format("%.2f", run.simulated() / run.lowerBound()),
                    run.fifo() / run.lowerBound()));
        }
        System.out.println(ratios.substring(0, ratios.length() - 1));
    }

    private static String simulated(double seconds) {
        return Double.isNaN(seconds) ? "n/a" : format("%.0f", seconds);
    }
}
