package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static io.tapelib.system.MountFiles.xattr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 4 and 6, through the real jars and a real mount: a lost cache stops nobody else, and a read
 * of an offline file with the controller stopped fails after RECALL_TIMEOUT, once, however many reads it takes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheLostSystemTest {
    private static final Path CONTROLLER_JAR = Path.of(System.getProperty("tapelib.controller.jar"));
    private static final Path GATEWAY_JAR = Path.of(System.getProperty("tapelib.gateway.jar"));
    private static final List<String> JVM = List.of("-Xmx256m");
    private static final Duration WRITE_DELAY = Duration.ofSeconds(3);
    private static final Duration RECALL_TIMEOUT = Duration.ofSeconds(4);
    private static final int LOST = 6;
    private static final int FRESH = 20;

    @TempDir
    static Path work;

    private Path mount;
    private Path logs;
    private Map<String, String> gatewayEnv;
    private ServiceProcess controller;
    private ServiceProcess gateway;
    private long logOffset;
    private String offlineSha256;
    private final Map<Path, byte[]> written = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        mount = work.resolve("mnt");
        int controllerPort = ServiceProcess.freePort();
        gatewayEnv = new HashMap<>(Map.of(
                "FUSE_MOUNT_POINT", mount.toString(),
                "CACHE_DIR", work.resolve("cache").toString(),
                "CATALOG_DB", work.resolve("catalog").resolve("catalog.db").toString(),
                // The first gateway keeps its files dirty; the one started after the loss migrates after 3 s.
                "WRITE_DELAY", "1h",
                "RECALL_TIMEOUT", RECALL_TIMEOUT.toSeconds() + "s",
                "CONTROLLER_GRPC", "127.0.0.1:" + controllerPort));
        logs = Files.createDirectories(Path.of("target", "system-test-logs", "cache-lost"));
        Map<String, String> controllerEnv = Map.of(
                "TAPE_CHANGER", "virtual:" + work.resolve("library"),
                "TAPE_MOUNT_DIR", work.resolve("spool").toString(),
                "TAPELIB_VIRTUAL_TIME_SCALE", "0");
        // One file on tape that this mount has never read or written (so no page of it is in the kernel's cache).
        Path source = Files.createDirectories(work.resolve("source"));
        offlineSha256 = MountFiles.writeGenerated(source.resolve("offline.bin"), 3L * 1024 * 1024, 7);
        Commands.Result imported = Commands.runWithEnvironment(controllerEnv, Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-Xmx256m", "-jar", CONTROLLER_JAR.toString(), "import", "--source",
                source.toString(), "--volume-tags", "TL0001L5");
        assertThat(imported.exitCode()).as("import: %s%s", imported.stdout(), imported.stderr()).isZero();
        controller = new ServiceProcess("tape-controller", CONTROLLER_JAR, controllerPort, controllerEnv, JVM, logs)
                .start();
        gateway = new ServiceProcess("fuse-gateway", GATEWAY_JAR, ServiceProcess.freePort(), gatewayEnv, JVM, logs)
                .start();
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (gateway != null) {
                gateway.stop();
            }
            if (controller != null) {
                controller.stop();
            }
        } finally {
            if (mount != null && Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mount + " ")) {
                Commands.run("fusermount", "-uz", mount.toString());
            }
        }
    }

    @Test
    @Order(1)
    void dirtyFilesWhoseCacheIsLostAreMarkedLostAndNamedOnce() throws Exception {
        Files.createDirectories(mount.resolve("lost"));
        for (int i = 1; i <= LOST; i++) {
            write(mount.resolve("lost/f" + i), 64 * 1024, i);
            assertThat(xattr(mount.resolve("lost/f" + i), "tapelib.state")).isEqualTo("dirty");
        }
        gateway.stop();
        try (Stream<Path> objects = Files.walk(work.resolve("cache/objects"))) {
            for (Path file : objects.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);   // the cache's disk was lost: objects and dirty journals
            }
        }
        logOffset = Files.size(gateway.log());
        gatewayEnv.put("WRITE_DELAY", WRITE_DELAY.toSeconds() + "s");
        gateway = new ServiceProcess("fuse-gateway", GATEWAY_JAR, ServiceProcess.freePort(), gatewayEnv, JVM, logs)
                .start();

        List<String> lostPaths = IntStream.rangeClosed(1, LOST).mapToObj(i -> "/lost/f" + i).toList();
        for (String path : lostPaths) {
            Path file = mount.resolve(path.substring(1));
            assertThat(xattr(file, "tapelib.state")).as(path).isEqualTo("lost");
            Commands.Result cat = Commands.run("cat", file.toString());
            assertThat(cat.exitCode()).as(path).isNotZero();
            assertThat(cat.stderr()).as(path).contains("Input/output error");
        }
        assertThat(status().getList("lostFiles", String.class)).containsExactlyInAnyOrderElementsOf(lostPaths);
    }

    @Test
    @Order(2)
    void filesWrittenAfterwardsMigrateWithinTheWriteDelayPlusOneBatch() throws Exception {
        Files.createDirectories(mount.resolve("fresh"));
        for (int i = 1; i <= FRESH; i++) {
            write(mount.resolve("fresh/g" + i), 100 * 1024, 100 + i);
        }
        long started = System.nanoTime();
        await("20 new files migrated").atMost(WRITE_DELAY.plusSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> IntStream.rangeClosed(1, FRESH)
                        .allMatch(i -> "cached".equals(xattr(mount.resolve("fresh/g" + i), "tapelib.state"))));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("CacheLostSystemTest: %d files migrated %d ms after their last write (WRITE_DELAY %d s)%n",
                FRESH, took.toMillis(), WRITE_DELAY.toSeconds());
        assertThat(took).as("WRITE_DELAY plus one batch, not a back-off").isLessThan(WRITE_DELAY.plusSeconds(20));

        String log = logSince(logOffset);
        assertThat(log).doesNotContain("Write-back round failed").doesNotContain("NoSuchFileException");
        for (int i = 1; i <= LOST; i++) {
            String path = "/lost/f" + i;
            assertThat(log.lines().filter(line -> line.contains(path + " ")).count()).as("log lines naming " + path)
                    .isEqualTo(1);
        }
        for (int i = 1; i <= LOST; i++) {
            assertThat(xattr(mount.resolve("lost/f" + i), "tapelib.state")).isEqualTo("lost");
        }
    }

    @Test
    @Order(3)
    void deletingOrWritingALostFileAnewClearsTheMark() throws Exception {
        Files.delete(mount.resolve("lost/f1"));
        byte[] anew = "written anew\n".getBytes(StandardCharsets.UTF_8);
        Files.write(mount.resolve("lost/f2"), anew);   // O_TRUNC

        assertThat(mount.resolve("lost/f1")).doesNotExist();
        assertThat(Files.readAllBytes(mount.resolve("lost/f2"))).isEqualTo(anew);
        assertThat(status().getList("lostFiles", String.class))
                .containsExactlyInAnyOrder("/lost/f3", "/lost/f4", "/lost/f5", "/lost/f6");
        await("the rewritten file migrated").atMost(WRITE_DELAY.plusSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "cached".equals(xattr(mount.resolve("lost/f2"), "tapelib.state")));
    }

    @Test
    @Order(4)
    void aReadWithTheControllerStoppedFailsAfterOneRecallTimeout() throws Exception {
        Path offline = mount.resolve("offline.bin");
        assertThat(xattr(offline, "tapelib.state")).isEqualTo("offline");
        controller.stop();

        long started = System.nanoTime();
        Commands.Result cat = Commands.run("cat", offline.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("CacheLostSystemTest: cat failed after %d ms (RECALL_TIMEOUT %d s)%n", took.toMillis(),
                RECALL_TIMEOUT.toSeconds());
        assertThat(cat.exitCode()).isNotZero();
        assertThat(cat.stderr()).contains("Input/output error");
        assertThat(took).isBetween(RECALL_TIMEOUT.minusSeconds(1), RECALL_TIMEOUT.plusSeconds(1));

        controller.start();
        assertThat(MountFiles.sha256(offline)).as("a new open recalls again").isEqualTo(offlineSha256);
    }

    private void write(Path file, int length, long seed) throws IOException {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        Files.write(file, content);
        written.put(file, content);
    }

    private io.restassured.path.json.JsonPath status() {
        return given().baseUri(gateway.baseUrl()).get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }

    private String logSince(long offset) throws IOException {
        byte[] log = Files.readAllBytes(gateway.log());
        return new String(log, (int) Math.min(offset, log.length), (int) Math.max(0, log.length - offset),
                StandardCharsets.UTF_8);
    }
}
