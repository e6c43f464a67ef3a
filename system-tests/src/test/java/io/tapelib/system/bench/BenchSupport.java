package io.tapelib.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What every benchmark needs: settings from the environment, timing, commands, HTTP, metrics and tables. */
final class BenchSupport {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BenchSupport() {
    }

    /** An integer setting from the environment ({@code name}), or {@code fallback}. */
    static long setting(String name, long fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Long.parseLong(value.strip().replace("_", ""));
    }

    /** Seconds {@code body} takes (wall clock). */
    static double seconds(Callable<?> body) throws Exception {
        long start = System.nanoTime();
        body.call();
        return (System.nanoTime() - start) / 1e9;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Writes dirty pages and drops the page, dentry and inode caches (needs root), so the next read is cold. */
    static void dropCaches() throws IOException, InterruptedException {
        run("sync");
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
    }

    /** Runs a command to its end (at most an hour); stdout returned, failure when it exits non-zero. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try (var in = process.getInputStream()) {
                out.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.completeExceptionally(e);
            }
        }, "bench-command-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(1, TimeUnit.HOURS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in an hour");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
        }
        return out.join();
    }

    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** POSTs JSON; the response, whatever its status. */
    static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(600))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The sum of a Prometheus metric's samples (all label sets) on {@code baseUrl/q/metrics}; empty when the service
     * does not export it.
     */
    static OptionalDouble metric(String baseUrl, String name) throws IOException, InterruptedException {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$")
                .matcher(get(baseUrl + "/q/metrics"));
        double sum = 0;
        boolean found = false;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
            found = true;
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** Peak resident set size of a process so far (VmHWM of /proc/PID/status), bytes. */
    static long peakRss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmHWM in /proc/" + pid + "/status");
    }

    /** Resident set size of a process now (VmRSS of /proc/PID/status), bytes. */
    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /**
     * Puts the product's JVM options of {@code application} (deploy/APPLICATION.jvm, a java argument file: # starts a
     * comment), and those of the environment variable {@code setting}, into {@code environment} as its
     * JAVA_TOOL_OPTIONS; MALLOC_ARENA_MAX as the systemd units set it. Prints them, prefixed by {@code mode}.
     *
     * @throws IOException the .jvm file cannot be read (the benchmark runs in system-tests/ of a checkout)
     */
    static void productJavaOptions(String mode, String application, String setting, Map<String, String> environment)
            throws IOException {
        Path file = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("deploy")
                .resolve(application + ".jvm");
        StringBuilder options = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String arguments = line.replaceAll("#.*", "").trim();
            if (!arguments.isEmpty()) {
                options.append(options.length() == 0 ? "" : " ").append(arguments);
            }
        }
        String extra = System.getenv(setting);
        if (extra != null && !extra.isBlank()) {
            options.append(' ').append(extra);
        }
        System.out.println(format("%s: %s runs with JAVA_TOOL_OPTIONS=%s MALLOC_ARENA_MAX=2", mode, application,
                options));
        environment.put("JAVA_TOOL_OPTIONS", options.toString());
        environment.put("MALLOC_ARENA_MAX", "2");
    }

    /** The load averages of /proc/loadavg (1, 5 and 15 minutes, then runnable/threads and the last pid). */
    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    /**
     * The process whose command line has {@code argument} as one of its arguments (e.g. a FUSE daemon's mount point),
     * or -1 when none has.
     */
    static long processWithArgument(String argument) throws IOException {
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (Arrays.asList(Files.readString(process.resolve("cmdline")).split("\0")).contains(argument)) {
                        return Long.parseLong(name);
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        }
        return -1;
    }

    /**
     * CPU seconds a process has used so far, user plus system, all its threads (fields utime and stime of
     * /proc/PID/stat, proc(5), in clock ticks of 1/100 s: Linux's USER_HZ on every architecture it exports).
     */
    static double cpuSeconds(long pid) throws IOException {
        return cpuTicks(Path.of("/proc", Long.toString(pid), "stat")) / 100.0;
    }

    /**
     * CPU seconds used so far by the threads of process {@code pid} named {@code name} (their comm, e.g. a Java
     * thread's name cut to 15 bytes), from /proc/PID/task/TID/stat; 0 when none is left.
     */
    static double threadCpuSeconds(long pid, String name) throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(name)) {
                        ticks += cpuTicks(task.resolve("stat"));
                    }
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        }
        return ticks / 100.0;
    }

    /**
     * CPU clock ticks (1/100 s) used so far by the threads of process {@code pid}, by thread name with its digits
     * replaced by {@code #} (so that a pool's threads add up), from /proc/PID/task/TID/stat.
     */
    static Map<String, Long> cpuTicksByThread(long pid) throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    ticks.merge(Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#"),
                            cpuTicks(task.resolve("stat")), Long::sum);
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        }
        return ticks;
    }

    /** The {@code top} thread names that used the most CPU between two {@link #cpuTicksByThread} snapshots. */
    static String busiestThreads(Map<String, Long> before, Map<String, Long> after, int top) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .map(e -> e.getKey() + " " + format("%.1f", e.getValue() / 100.0))
                .collect(Collectors.joining(", "));
    }

    private static long cpuTicks(Path stat) throws IOException {
        String line = Files.readString(stat);
        // fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A JSON string literal. */
    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }

    /** Deletes a tree (files first), ignoring what is already gone. */
    /**
     * Deletes {@code root} and everything below it, never leaving its file system: a FUSE mount left below it (a
     * passthrough of an interrupted run) would otherwise be walked into and what it mirrors deleted. Refuses, deleting
     * nothing, when anything is mounted at or below {@code root} ({@code /proc/self/mounts}), and skips any directory
     * on another device met on the way.
     *
     * @throws IllegalStateException a file system is mounted at or below {@code root}
     */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path absolute = root.toAbsolutePath().normalize();
        List<String> mounted = mountsUnder(absolute);
        if (!mounted.isEmpty()) {
            throw new IllegalStateException("refusing to delete " + absolute + ": " + mounted
                    + " mounted below it; unmount first (fusermount3 -u)");
        }
        Object device = Files.getAttribute(absolute, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.walkFileTree(absolute, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                    java.nio.file.attribute.BasicFileAttributes attributes) throws IOException {
                return device.equals(Files.getAttribute(dir, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        ? java.nio.file.FileVisitResult.CONTINUE : java.nio.file.FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file,
                    java.nio.file.attribute.BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                if (device.equals(Files.getAttribute(dir, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                    Files.deleteIfExists(dir);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }

    /** Mount points at or below {@code dir} (absolute, normalized), from /proc/self/mounts. */
    static List<String> mountsUnder(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] fields = line.split(" ");
            // mount points escape blanks as \040
            String point = fields.length > 1 ? fields[1].replace("\\040", " ") : "";
            if (Path.of(point).startsWith(dir)) {
                found.add(point);
            }
        }
        return found;
    }

    /**
     * Unmounts a FUSE mount and waits until it is gone: {@code fusermount3 -u}, and when the mount is busy a lazy
     * {@code -uz}, which detaches it at once.
     *
     * @throws org.awaitility.core.ConditionTimeoutException still mounted after 30 s
     */
    static void unmount(Path mountPoint) throws IOException, InterruptedException {
        Path absolute = mountPoint.toAbsolutePath().normalize();
        Process plain = new ProcessBuilder("fusermount3", "-u", absolute.toString()).inheritIO().start();
        if (!plain.waitFor(30, TimeUnit.SECONDS) || plain.exitValue() != 0) {
            new ProcessBuilder("fusermount3", "-uz", absolute.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        org.awaitility.Awaitility.await(absolute + " unmounted after fusermount3 -u and -uz")
                .atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> !mountsUnder(absolute).contains(absolute.toString()));
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** A plain-text table: a header row, then rows; columns padded to their widest cell. */
    static String table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                text.append(i == 0 ? String.format("%-" + widths[i] + "s", cell)
                        : "  " + String.format("%" + widths[i] + "s", cell));
            }
            text.append('\n');
            if (r == 0) {
                int total = Arrays.stream(widths).sum() + 2 * (widths.length - 1);
                text.append("-".repeat(total)).append('\n');
            }
        }
        return text.toString();
    }
}
