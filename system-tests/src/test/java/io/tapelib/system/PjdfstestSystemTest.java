package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, acceptance 5: the POSIX conformance suite pjdfstest ({@code shared/tools/pjdfstest/run.sh}, which builds
 * it and counts passed and failed test files) run against the real mount of both jars; all 238 test files pass (237 did
 * until session 16: chmod/12.t's writes through a write-only descriptor did not clear set-user-ID). The TAP output stays under {@code target/system-test-logs/pjdfstest/} for whoever reads a failure.
 */
class PjdfstestSystemTest {
    private static final int TEST_FILES = 238;
    /**
     * Test files run at once: most of their time is sleeping (timestamps must move on) or waiting on the mount, so
     * four at once take about half the time of two without adding much load.
     */
    private static final String JOBS = "4";
    private static final Pattern SUMMARY = Pattern.compile("^(\\d+) passed, (\\d+) failed$", Pattern.MULTILINE);

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void all238TestFilesPassAtTheMount() throws Exception {
        Path runner = sharedTool("pjdfstest/run.sh");
        pair = new LibraryPair("pjdfstest", work, Map.of(), Map.of()).start();
        Path tap = Files.createDirectories(Path.of("target", "system-test-logs", "pjdfstest")).toAbsolutePath()
                .resolve("pjdfstest.tap");

        List<String> command = new ArrayList<>(List.of("bash", runner.toString(), "--out", tap.toString(),
                pair.mount.toString()));
        command.addAll(longestFirst(runner.resolveSibling("src").resolve("tests")));
        Commands.Result run = Commands.runWithEnvironment(Map.of("PJD_TIMEOUT", "120", "PJD_JOBS", JOBS),
                command.toArray(String[]::new));

        Matcher summary = SUMMARY.matcher(run.stdout());
        assertThat(summary.find()).as("run.sh summary line; exit %d, stdout:%n%s%nstderr:%n%s", run.exitCode(),
                run.stdout(), tail(run.stderr())).isTrue();
        int passed = Integer.parseInt(summary.group(1));
        int failed = Integer.parseInt(summary.group(2));
        System.out.printf("PjdfstestSystemTest: %d passed, %d failed of %d test files%n%s", passed, failed, TEST_FILES,
                run.stdout());
        assertThat(passed + failed).isEqualTo(TEST_FILES);
        assertThat(passed).as("test files passed; the failing ones:%n%s", run.stdout()).isEqualTo(TEST_FILES);
    }

    /**
     * Every test file under {@code tests} (relative to it, as run.sh takes them and runs them, in this order), those
     * with the most {@code sleep} lines first, then by name (run.sh's own order: the names' numbers all have two
     * digits). Much of the suite's time is one-second sleeps that let timestamps move on, most of them in chown/00.t
     * and unlink/00.t (more than a minute between them): started first, they run beside the others, not after them.
     */
    private static List<String> longestFirst(Path tests) throws IOException {
        Map<String, Long> sleeps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(tests)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".t") && Files.isRegularFile(f)).toList()) {
                sleeps.put(tests.relativize(file).toString(),
                        Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                                .filter(line -> line.strip().startsWith("sleep ")).count());
            }
        }
        assertThat(sleeps).as("test files under %s", tests).hasSize(TEST_FILES);
        return sleeps.keySet().stream().sorted(Comparator.comparing((String f) -> -sleeps.get(f))
                .thenComparing(Comparator.naturalOrder())).toList();
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /**
     * {@code shared/tools/<relative>}: above the working directory (a checkout next to {@code shared/}), else above the
     * local repository a clone was made from, else under {@code TAPELIB_SHARED_DIR}, as the fixtures are found.
     *
     * @throws IllegalStateException when none holds it
     */
    private static Path sharedTool(String relative) {
        List<Path> roots = new ArrayList<>();
        Path start = Path.of("").toAbsolutePath();
        roots.add(start);
        localOrigin(start).ifPresent(roots::add);
        String override = System.getenv("TAPELIB_SHARED_DIR");
        for (Path root : roots) {
            for (Path dir = root; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("shared/tools").resolve(relative);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        if (override != null && Files.isRegularFile(Path.of(override, "tools", relative))) {
            return Path.of(override, "tools", relative);
        }
        throw new IllegalStateException("no shared/tools/" + relative + " above " + roots
                + " and TAPELIB_SHARED_DIR does not name a shared/ directory");
    }

    private static Optional<Path> localOrigin(Path start) {
        try {
            Process git = new ProcessBuilder("git", "-C", start.toString(), "config", "--get", "remote.origin.url")
                    .redirectErrorStream(true).start();
            String url = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!git.waitFor(10, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return Optional.empty();
            }
            String path = url.startsWith("file://") ? url.substring("file://".length()) : url;
            return path.startsWith("/") && Files.isDirectory(Path.of(path))
                    ? Optional.of(Path.of(path).toAbsolutePath().normalize()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
