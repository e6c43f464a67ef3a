package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static io.tapelib.system.MountFiles.sha256;
import static io.tapelib.system.MountFiles.xattr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Issue 6's acceptance, end to end: the real tape-controller and fuse-gateway jars as two processes
 * (each at -Xmx256m), a virtual tape library on disk, a real FUSE mount. The methods run in order and
 * share the processes; each one checks what a user would check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndSystemTest {
    private static final Duration RECALL_TIMEOUT = Duration.ofSeconds(5);
    /** The controller's logical block size (TAPE_BLOCK_SIZE, its default), bytes. */
    private static final long BLOCK_BYTES = 512 * 1024;

    @TempDir
    static Path work;

    private Path sourceA;
    private Path sourceB;
    @AutoClose
    private LibraryPair pair;
    private Path mount;

    @BeforeAll
    void importTreeAndStart() throws Exception {
        // Tree A: a JDK installation and the package documentation of the packages a to h, real files of every size
        // (about 1,400 files, 290 MB; all of /usr/share/doc would add 3,000 more small files, each read back from tape
        // on its own, that check nothing the others do not).
        sourceA = work.resolve("source-a");
        Files.createDirectories(sourceA.resolve("doc"));
        Commands.run("cp", "-a", "/usr/lib/jvm/java-17-openjdk-amd64", sourceA.resolve("jdk").toString()).requireSuccess("cp jdk");
        List<String> copyDoc = new ArrayList<>(List.of("cp", "-a"));
        try (Stream<Path> packages = Files.list(Path.of("/usr/share/doc"))) {
            packages.filter(d -> d.getFileName().toString().matches("[a-h].*")).sorted()
                    .forEach(d -> copyDoc.add(d.toString()));
        }
        copyDoc.add(sourceA.resolve("doc").toString());
        Commands.run(copyDoc.toArray(String[]::new)).requireSuccess("cp doc");
        sourceB = work.resolve("source-b");
        Files.createDirectories(sourceB);
        Commands.run("cp", "-a", "/usr/share/perl5", sourceB.resolve("perl5").toString()).requireSuccess("cp perl5");
        Commands.run("cp", "-a", "/usr/lib/jvm/temurin-25-jdk-amd64/legal", sourceB.resolve("legal").toString())
                .requireSuccess("cp legal");

        pair = new LibraryPair("end-to-end", work, Map.of(), Map.of(
                "WRITE_DELAY", "3s",
                "RECALL_TIMEOUT", RECALL_TIMEOUT.toSeconds() + "s"));
        mount = pair.mount;
        pair.importTree(sourceA, "TL0001L5,TL0002L5");
        pair.start();
    }

    @Test
    @Order(1)
    void theMountShowsTheImportedTreeLineForLine() throws Exception {
        List<String> source = Commands.listing(sourceA);
        assertThat(source.size()).as("a real tree of at least 1,000 files").isGreaterThanOrEqualTo(1000);
        assertThat(Commands.run("du", "-sb", sourceA.toString()).stdout().split("\t")[0]).asString()
                .satisfies(bytes -> assertThat(Long.parseLong(bytes)).isGreaterThan(200L * 1000 * 1000));
        assertThat(source).anyMatch(line -> line.endsWith(" l"));

        assertThat(Commands.listing(mount)).containsExactlyElementsOf(source);
    }

    @Test
    @Order(2)
    void listingAgainLoadsNoCartridge() throws Exception {
        Map<String, Integer> before = loads();
        Commands.listing(mount);
        Commands.run("ls", "-lR", mount.toString()).requireSuccess("ls -lR");
        assertThat(difference(loads(), before)).isEmpty();
    }

    @Test
    @Order(3)
    void everyFileReadsBackWithItsSha256AndEachTapeLoadsOnce() throws Exception {
        pair.emptyDrive();
        Map<String, List<Path>> byTape = filesByTape(sourceA);
        assertThat(byTape.keySet()).containsExactlyInAnyOrder("TL0001L5", "TL0002L5");
        Map<String, Integer> before = loads();
        for (List<Path> files : byTape.values()) {
            for (Path relative : files) {
                assertThat(sha256(mount.resolve(relative))).as(relative.toString()).isEqualTo(sha256(sourceA.resolve(relative)));
            }
        }
        assertThat(difference(loads(), before)).isEqualTo(Map.of("TL0001L5", 1, "TL0002L5", 1));
    }

    @Test
    @Order(4)
    void aTreeCopiedIntoTheMountIsMigratedAndReadsBackAfterTheCacheIsEmptied() throws Exception {
        Commands.run("cp", "-a", sourceB.resolve("perl5").toString(), sourceB.resolve("legal").toString(), mount.toString())
                .requireSuccess("cp -a into the mount");
        assertThat(Commands.listing(mount.resolve("perl5"))).containsExactlyElementsOf(Commands.listing(sourceB.resolve("perl5")));

        List<Path> files = regularFiles(sourceB);
        await("every copied file migrated").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> files.stream().allMatch(f -> "cached".equals(xattr(mount.resolve(f), "tapelib.state"))));
        assertThat(files).allSatisfy(f -> assertThat(xattr(mount.resolve(f), "tapelib.tapes")).isNotBlank());

        pair.evictCache();
        assertThat(xattr(mount.resolve(files.get(0)), "tapelib.state")).isEqualTo("offline");
        for (Path relative : files) {
            assertThat(sha256(mount.resolve(relative))).as(relative.toString()).isEqualTo(sha256(sourceB.resolve(relative)));
        }
    }

    @Test
    @Order(5)
    void restartingTheGatewayListsEverythingWithoutLoadingAndSurvivesSigkill() throws Exception {
        List<String> expected = Commands.listing(mount);
        Map<String, Integer> before = loads();

        pair.gateway.stop();
        assertThat(pair.mounted()).as("a clean stop unmounts").isFalse();
        pair.gateway.start();
        assertThat(Commands.listing(mount)).containsExactlyElementsOf(expected);
        assertThat(difference(loads(), before)).isEmpty();

        pair.gateway.kill();
        assertThat(Commands.run("ls", mount.toString()).stderr()).contains("Transport endpoint is not connected");
        pair.gateway.start();
        assertThat(Commands.listing(mount)).containsExactlyElementsOf(expected);
        assertThat(difference(loads(), before)).isEmpty();
    }

    @Test
    @Order(6)
    void withTheControllerStoppedListingsAndCachedReadsWorkAndOfflineReadsFailWithEio() throws Exception {
        List<Path> files = regularFiles(sourceB);
        Path cached = files.get(0);
        Path offline = files.get(files.size() - 1);
        pair.evictCache();
        sha256(mount.resolve(cached));
        // the reader gets the bytes as they arrive; the recall marks the file cached when its job ends
        pair.awaitCached(cached.toString(), Duration.ofSeconds(30));

        pair.controller.stop();
        assertThat(Commands.run("ls", "-lR", mount.toString()).exitCode()).isZero();
        assertThat(sha256(mount.resolve(cached))).isEqualTo(sha256(sourceB.resolve(cached)));
        long started = System.nanoTime();
        Commands.Result failed = Commands.run("cat", mount.resolve(offline).toString());
        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.stderr()).contains("Input/output error");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(RECALL_TIMEOUT.minusMillis(500));

        // While the controller is down the library is free: its own CLI reads the on-tape index.
        String tape = xattr(mount.resolve(offline), "tapelib.tapes").split(",")[0];
        Commands.Result index = pair.controllerCli("index", "--volume-tag", tape);
        assertThat(index.exitCode()).as(index.stderr()).isZero();
        assertThat(index.stdout()).contains(offline.toString());

        pair.controller.start();
        assertThat(sha256(mount.resolve(offline))).isEqualTo(sha256(sourceB.resolve(offline)));
        assertThat(pair.gateway.alive()).isTrue();
    }

    @Test
    @Order(7)
    void badInputGetsAClearError() throws Exception {
        given().baseUri(pair.controller.baseUrl()).contentType(ContentType.JSON).body("{\"volumeTag\": \"XX9999L5\"}")
                .post("/api/v1/drives/0/load").then().statusCode(404);
        pair.emptyDrive();
        given().baseUri(pair.controller.baseUrl()).contentType(ContentType.JSON).body("{\"volumeTag\": \"CLN001L1\"}")
                .post("/api/v1/drives/0/load").then().statusCode(409);
        given().baseUri(pair.controller.baseUrl()).contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0003L5\"}")
                .post("/api/v1/drives/0/load").then().statusCode(200);
        given().baseUri(pair.controller.baseUrl()).contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0004L5\"}")
                .post("/api/v1/drives/0/load").then().statusCode(409);

        Commands.Result tooLong = Commands.run("touch", mount.resolve("n".repeat(256)).toString());
        assertThat(tooLong.exitCode()).isNotZero();
        assertThat(tooLong.stderr()).contains("File name too long");
    }

    @Test
    @Order(8)
    void aOneGibFileIsMigratedAndRecalledWithBothProcessesAt256MbHeap() throws Exception {
        Path big = work.resolve("big.bin");
        MountFiles.randomFile(big, 1L << 30);
        String expected = sha256(big);
        Commands.run("cp", big.toString(), mount.resolve("big.bin").toString()).requireSuccess("cp 1 GiB into the mount");
        pair.awaitCached("big.bin", Duration.ofMinutes(5));
        pair.evictCache();
        assertThat(sha256(mount.resolve("big.bin"))).isEqualTo(expected);
        assertThat(pair.controller.alive()).isTrue();
        assertThat(pair.gateway.alive()).isTrue();
    }

    @Test
    @Order(9)
    void aControllerKilledWhileWritingAMigrationLeavesATapeThatIsRecoveredAtItsNextMountWithoutAnOperator()
            throws Exception {
        Path crash = work.resolve("crash.bin");
        long crashBytes = 512L << 20;
        MountFiles.randomFile(crash, crashBytes);
        String expected = sha256(crash);
        Map<String, Long> objectsBefore = new TreeMap<>();
        for (String tag : pair.cartridgeTags()) {
            objectsBefore.put(tag, pair.dataObjects(tag));
        }
        Commands.run("cp", crash.toString(), mount.resolve("crash.bin").toString()).requireSuccess("cp 512 MiB into the mount");

        // The MIGRATE job is running and its tape's data partition is growing: the write is under way.
        String killedTape = pair.awaitMigrationProgress(32, Duration.ofSeconds(60)).job().volumeTag();
        long logBytesBeforeKill = pair.controller.logSize();
        pair.controller.kill();

        assertThat(pair.controller.alive()).isFalse();
        long written = (pair.dataObjects(killedTape) - objectsBefore.get(killedTape)) * BLOCK_BYTES;
        assertThat(written).as("bytes on %s when the controller died", killedTape).isPositive().isLessThan(crashBytes);
        assertThat(pair.gateway.alive()).isTrue();
        assertThat(Commands.listing(mount)).anyMatch(line -> line.startsWith("crash.bin " + crashBytes + " "));
        assertThat(xattr(mount.resolve("crash.bin"), "tapelib.state")).isEqualTo("dirty");

        pair.controller.start();
        pair.awaitCached("crash.bin", Duration.ofSeconds(120));
        String tapes = xattr(mount.resolve("crash.bin"), "tapelib.tapes");
        assertThat(tapes).isNotBlank();
        pair.evictCache();
        assertThat(xattr(mount.resolve("crash.bin"), "tapelib.state")).isEqualTo("offline");
        assertThat(sha256(mount.resolve("crash.bin"))).isEqualTo(expected);

        // issue 10 part B: the tape this service wrote is recovered at its next mount, in one line, no operator
        assertThat(pair.controller.logSince(logBytesBeforeKill)).contains(killedTape + ": recovered at mount")
                .doesNotContain(killedTape + ": inconsistent, mounted read-only");
        Map<String, Object> recovered = pair.recover(killedTape);
        assertThat(recovered).containsEntry("type", "RECOVER").containsEntry("state", "SUCCEEDED")
                .containsEntry("volumeTag", killedTape);
        assertThat(pair.controller.logSince(logBytesBeforeKill)).contains(killedTape + " was consistent; nothing written");

        // Writable again: the recovered tape, still in the drive, takes the next migration.
        Path small = mount.resolve("after-recover.txt");
        Files.writeString(small, "written after " + killedTape + " was recovered\n");
        pair.awaitCached("after-recover.txt", Duration.ofSeconds(60));
        assertThat(xattr(small, "tapelib.tapes")).isEqualTo(killedTape);
        pair.emptyDrive();
        assertThat(pair.gateway.alive()).isTrue();
    }

    // --- helpers ---

    /** Cartridge loads since the controller started, per volume tag, from its Prometheus metrics. */
    private Map<String, Integer> loads() {
        String metrics = given().baseUri(pair.controller.baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Integer> loads = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^tapelib_cartridge_loads_total\\{[^}]*volume_tag=\"([^\"]+)\"[^}]*\\} ([0-9.]+)$")
                .matcher(metrics);
        while (m.find()) {
            loads.put(m.group(1), (int) Double.parseDouble(m.group(2)));
        }
        return loads;
    }

    private static Map<String, Integer> difference(Map<String, Integer> after, Map<String, Integer> before) {
        Map<String, Integer> difference = new TreeMap<>();
        after.forEach((tag, n) -> {
            int delta = n - before.getOrDefault(tag, 0);
            if (delta != 0) {
                difference.put(tag, delta);
            }
        });
        return difference;
    }

    /** The regular files of a tree, relative to it, grouped by the tape the mount says holds them. */
    private Map<String, List<Path>> filesByTape(Path source) throws IOException {
        Map<String, List<Path>> byTape = new TreeMap<>();
        for (Path relative : regularFiles(source)) {
            byTape.computeIfAbsent(xattr(mount.resolve(relative), "tapelib.tapes"), t -> new ArrayList<>()).add(relative);
        }
        return byTape;
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(root::relativize).sorted().toList();
        }
    }
}
