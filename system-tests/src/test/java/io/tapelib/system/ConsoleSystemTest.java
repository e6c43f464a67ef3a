package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, acceptance 2: the web console in a real browser (Debian's chromium, driven by playwright-core from npm;
 * both installed by {@code deploy/install-deps.sh test}) against the real jars and a real mount. The browser side is
 * {@code system-tests/console/console-test.mjs}: it opens the gateway's root page, gives the operator token the console
 * asks for (once: OPERATOR_TOKEN is set at the gateway), finds every cartridge of the
 * controller's library in the map, clicks Load for a cartridge in a storage slot and waits until the map shows it in
 * the drive without a reload (and the controller's {@code GET /api/v1/library} agrees), then copies files into the
 * mount and waits until one migration job's progress bar has advanced twice. Screenshots stay in
 * {@code target/console-screenshots}.
 *
 * <p>The virtual library runs at a time scale of 0.01 with two data cartridges (and its cleaning cartridge), so the
 * start-up index reads take about a second and a load about 0.3 s; the migration of 160 MB in eight files takes
 * seconds through the real pipeline.
 */
class ConsoleSystemTest {
    private static final Path CONSOLE_TEST = Path.of("console").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();
    private static final int FILES = 8;
    private static final long FILE_BYTES = 20_000_000;
    private static final int CARTRIDGES = 2;
    /** The gateway's OPERATOR_TOKEN (the controller runs without one, so the pair's own checks need none). */
    private static final String TOKEN = "console-test-token";
    /** Each wait of the browser script (map shown, load shown, progress seen, migration ended). */
    private static final int STEP_DEADLINE_SECONDS = 30;
    /** The whole browser script, its browser's start included. */
    private static final Duration SCRIPT_DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void theConsoleShowsTheLibraryMovesACartridgeOnALoadClickAndFollowsAMigrationsProgress() throws Exception {
        Path chromium = onPath("chromium");
        Path node = onPath("node");
        assertThat(CONSOLE_TEST.resolve("node_modules").resolve("playwright-core"))
                .as("playwright-core, installed by deploy/install-deps.sh test (npm ci in system-tests/console)")
                .isDirectory();
        Path source = Files.createDirectories(work.resolve("source"));
        for (int i = 1; i <= FILES; i++) {
            MountFiles.randomFile(source.resolve("file-" + i + ".bin"), FILE_BYTES);
        }
        cleanScreenshots();
        mark("source files written");
        pair = new LibraryPair("console", work,
                Map.of("TAPELIB_VIRTUAL_TIME_SCALE", "0.01", "TAPELIB_VIRTUAL_CARTRIDGES", Integer.toString(CARTRIDGES)),
                Map.of("WRITE_DELAY", "2s", "OPERATOR_TOKEN", TOKEN)).start();
        mark("pair started");
        // the gateway's start-up reads every cartridge's index; the test clicks once the library is quiet
        await("the start-up index reads").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<LibraryPair.Job> jobs = pair.jobs();
                    return jobs.stream().noneMatch(LibraryPair.Job::running) && jobs.stream()
                            .filter(j -> j.type().equals("INDEX") && j.state().equals("SUCCEEDED"))
                            .map(LibraryPair.Job::volumeTag).distinct().count() == CARTRIDGES;
                });
        pair.emptyDrive();
        mark("library quiet, drive 0 empty");
        // the console's own files are open (the page asks for the token itself when the API wants one)
        given().baseUri(pair.gateway.baseUrl()).redirects().follow(false).get("/")
                .then().statusCode(303).header("Location", endsWith("/console/"));
        given().baseUri(pair.gateway.baseUrl()).get("/console/")
                .then().statusCode(200).contentType(containsString("text/html")).body(containsString("Tape library"));
        long lastJobBefore = pair.jobs().get(0).id();

        Run script = runScript(node, List.of(
                "--gateway", pair.gateway.baseUrl(),
                "--controller", pair.controller.baseUrl(),
                "--mount", pair.mount.toString(),
                "--source", source.toString(),
                "--screenshots", SCREENSHOTS.toString(),
                "--chromium", chromium.toString(),
                "--deadline-seconds", Integer.toString(STEP_DEADLINE_SECONDS),
                "--token", TOKEN));

        assertThat(script.exitCode()).as("console-test.mjs\nstdout:\n%s\nstderr:\n%s", script.stdout(), script.stderr())
                .isZero();
        JsonPath result = JsonPath.from(script.stdout().lines().filter(l -> l.startsWith("RESULT "))
                .reduce((first, second) -> second).orElseThrow().substring("RESULT ".length()));
        System.out.println("console-test.mjs:\n" + script.stdout());
        assertThat(result.getInt("tokenAsked")).as("the console asked for the token once").isEqualTo(1);
        assertThat(result.getBoolean("tokenKept")).as("and kept it in the tab's session storage").isTrue();
        assertThat(result.getList("steps.name")).containsExactly("browser-started", "token-given", "library-shown", "load-shown", "files-written",
                "progress-advanced", "migration-done");
        assertThat(result.getList("steps[2].cartridges", String.class)).as("every cartridge of the virtual library")
                .hasSize(CARTRIDGES + 1).containsExactlyInAnyOrderElementsOf(pair.cartridgeTags());
        String loaded = result.getString("steps[3].volumeTag");
        assertThat(pair.jobs()).as("the click reached the controller as a LOAD of the chosen cartridge")
                .anyMatch(j -> j.id() > lastJobBefore && j.type().equals("LOAD") && loaded.equals(j.volumeTag())
                        && j.state().equals("SUCCEEDED"));
        List<Float> values = result.getList("steps[5].values", Float.class);
        assertThat(values).as("the progress bar's values (done / total)").hasSizeGreaterThanOrEqualTo(3).isSorted();
        assertThat(result.getString("steps[5].type")).isIn("WRITE_BACK", "MIGRATE");
        for (int i = 1; i <= FILES; i++) {
            pair.awaitMigrated("console-migration/file-" + i + ".bin", Duration.ofSeconds(30));
        }
        try (Stream<Path> shots = Files.list(SCREENSHOTS)) {
            assertThat(shots.map(p -> p.getFileName().toString()))
                    .contains("1-library.png", "2-loaded.png", "3-progress.png", "4-migrated.png");
        }
    }

    /** One line of the test's timeline in its output (where the minute goes). */
    private static void mark(String what) {
        System.out.printf("ConsoleSystemTest %s: %s%n", java.time.Instant.now(), what);
    }

    private static Path onPath(String command) throws IOException, InterruptedException {
        Commands.Result which = Commands.run("sh", "-c", "command -v " + command);
        assertThat(which.exitCode()).as("%s is installed by deploy/install-deps.sh test", command).isZero();
        return Path.of(which.stdout().strip());
    }

    private static void cleanScreenshots() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        try (Stream<Path> old = Files.list(SCREENSHOTS)) {
            for (Path png : old.filter(p -> p.toString().endsWith(".png")).toList()) {
                Files.delete(png);
            }
        }
    }

    /** What the browser script printed and returned. */
    private record Run(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs console-test.mjs in its directory (where its node_modules are), at most {@link #SCRIPT_DEADLINE}; past it,
     * the script and the browser it started are killed and the test fails.
     */
    private static Run runScript(Path node, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(node.toString(), "console-test.mjs"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(CONSOLE_TEST.toFile()).start();
        // each stream read to its end on a thread of its own, so that neither pipe fills up
        Executor reader = task -> {
            Thread thread = new Thread(task, "console-test-output");
            thread.setDaemon(true);
            thread.start();
        };
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), reader);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), reader);
        try {
            if (!process.waitFor(SCRIPT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("console-test.mjs did not finish in " + SCRIPT_DEADLINE.toSeconds() + " s");
            }
            return new Run(process.exitValue(), out.join(), err.join());
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
