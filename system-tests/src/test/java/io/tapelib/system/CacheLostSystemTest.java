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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
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
    private static final Duration WRITE_DELAY = Duration.ofSeconds(3);
    private static final Duration RECALL_TIMEOUT = Duration.ofSeconds(4);
    private static final int LOST = 6;
    private static final int FRESH = 20;

    @TempDir
    static Path work;

    @AutoClose
    private LibraryPair pair;
    private Path mount;
    private long logOffset;
    private String offlineSha256;
    private final Map<Path, byte[]> written = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        // The first gateway keeps its files dirty; the one started after the loss migrates after WRITE_DELAY.
        pair = new LibraryPair("cache-lost", work, Map.of(),
                Map.of("WRITE_DELAY", "1h", "RECALL_TIMEOUT", RECALL_TIMEOUT.toSeconds() + "s"));
        mount = pair.mount;
        // One file on tape that this mount has never read or written (so no page of it is in the kernel's cache).
        Path source = Files.createDirectories(work.resolve("source"));
        offlineSha256 = MountFiles.writeGenerated(source.resolve("offline.bin"), 3L * 1024 * 1024, 7);
        pair.importTree(source, "TL0001L5");
        pair.start();
    }

    @Test
    @Order(1)
    void dirtyFilesWhoseCacheIsLostAreMarkedLostAndNamedOnce() throws Exception {
        Files.createDirectories(mount.resolve("lost"));
        for (int i = 1; i <= LOST; i++) {
            write(mount.resolve("lost/f" + i), 64 * 1024, i);
            assertThat(xattr(mount.resolve("lost/f" + i), "tapelib.state")).isEqualTo("dirty");
        }
        pair.gateway.stop();
        try (Stream<Path> objects = Files.walk(work.resolve("cache/objects"))) {
            for (Path file : objects.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);   // the cache's disk was lost: objects and dirty journals
            }
        }
        logOffset = pair.gateway.logSize();
        pair.reconfigureGateway(Map.of("WRITE_DELAY", WRITE_DELAY.toSeconds() + "s"));
        pair.gateway.start();

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

        String log = pair.gateway.logSince(logOffset);
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
        pair.awaitCached("lost/f2", WRITE_DELAY.plusSeconds(60));
    }

    @Test
    @Order(4)
    void aReadWithTheControllerStoppedFailsAfterOneRecallTimeout() throws Exception {
        Path offline = mount.resolve("offline.bin");
        assertThat(xattr(offline, "tapelib.state")).isEqualTo("offline");
        pair.controller.stop();

        long started = System.nanoTime();
        Commands.Result cat = Commands.run("cat", offline.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("CacheLostSystemTest: cat failed after %d ms (RECALL_TIMEOUT %d s)%n", took.toMillis(),
                RECALL_TIMEOUT.toSeconds());
        assertThat(cat.exitCode()).isNotZero();
        assertThat(cat.stderr()).contains("Input/output error");
        assertThat(took).isBetween(RECALL_TIMEOUT.minusSeconds(1), RECALL_TIMEOUT.plusSeconds(1));

        pair.controller.start();
        assertThat(MountFiles.sha256(offline)).as("a new open recalls again").isEqualTo(offlineSha256);
    }

    private void write(Path file, int length, long seed) throws IOException {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        Files.write(file, content);
        written.put(file, content);
    }

    private io.restassured.path.json.JsonPath status() {
        return given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }
}
