package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Issue 6's acceptance, end to end: the real tape-controller and fuse-gateway jars as two processes
 * (each at -Xmx256m), a virtual tape library on disk, a real FUSE mount. The methods run in order and
 * share the processes; each one checks what a user would check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndSystemTest {
    private static final Path CONTROLLER_JAR = Path.of(System.getProperty("tapelib.controller.jar"));
    private static final Path GATEWAY_JAR = Path.of(System.getProperty("tapelib.gateway.jar"));
    private static final List<String> JVM = List.of("-Xmx256m");
    private static final Duration RECALL_TIMEOUT = Duration.ofSeconds(5);
    /** The controller's logical block size (TAPE_BLOCK_SIZE, its default), bytes. */
    private static final long BLOCK_BYTES = 512 * 1024;

    @TempDir
    static Path work;

    private Path sourceA;
    private Path sourceB;
    private Path mount;
    private Map<String, String> controllerEnv;
    private Map<String, String> gatewayEnv;
    private ServiceProcess controller;
    private ServiceProcess gateway;

    @BeforeAll
    void importTreeAndStart() throws Exception {
        // Tree A: a JDK installation and the system's package documentation, real files of every size.
        sourceA = work.resolve("source-a");
        Files.createDirectories(sourceA);
        Commands.run("cp", "-a", "/usr/lib/jvm/java-17-openjdk-amd64", sourceA.resolve("jdk").toString()).requireSuccess("cp jdk");
        Commands.run("cp", "-a", "/usr/share/doc", sourceA.resolve("doc").toString()).requireSuccess("cp doc");
        sourceB = work.resolve("source-b");
        Files.createDirectories(sourceB);
        Commands.run("cp", "-a", "/usr/share/perl5", sourceB.resolve("perl5").toString()).requireSuccess("cp perl5");
        Commands.run("cp", "-a", "/usr/lib/jvm/temurin-25-jdk-amd64/legal", sourceB.resolve("legal").toString())
                .requireSuccess("cp legal");

        mount = work.resolve("mnt");
        int controllerPort = ServiceProcess.freePort();
        controllerEnv = Map.of(
                "TAPE_CHANGER", "virtual:" + work.resolve("library"),
                "TAPE_MOUNT_DIR", work.resolve("spool").toString(),
                "TAPELIB_VIRTUAL_TIME_SCALE", "0");
        gatewayEnv = Map.of(
                "FUSE_MOUNT_POINT", mount.toString(),
                "CACHE_DIR", work.resolve("cache").toString(),
                "CATALOG_DB", work.resolve("catalog").resolve("catalog.db").toString(),
                "WRITE_DELAY", "3s",
                "RECALL_TIMEOUT", RECALL_TIMEOUT.toSeconds() + "s",
                "CONTROLLER_GRPC", "127.0.0.1:" + controllerPort);

        Commands.Result imported = runController("import", "--source", sourceA.toString(), "--volume-tags", "TL0001L5,TL0002L5");
        assertThat(imported.exitCode()).as("import output: %s%s", imported.stdout(), imported.stderr()).isZero();

                // Logs stay after the run (the temporary directory does not), for whoever reads a failure.
        Path logs = Files.createDirectories(Path.of("target", "system-test-logs"));
        controller = new ServiceProcess("tape-controller", CONTROLLER_JAR, controllerPort, controllerEnv, JVM, logs).start();
        gateway = new ServiceProcess("fuse-gateway", GATEWAY_JAR, ServiceProcess.freePort(), gatewayEnv, JVM, logs).start();
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
        emptyDrive();
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

        evictCache();
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

        gateway.stop();
        assertThat(mounted()).as("a clean stop unmounts").isFalse();
        gateway.start();
        assertThat(Commands.listing(mount)).containsExactlyElementsOf(expected);
        assertThat(difference(loads(), before)).isEmpty();

        gateway.kill();
        assertThat(Commands.run("ls", mount.toString()).stderr()).contains("Transport endpoint is not connected");
        gateway.start();
        assertThat(Commands.listing(mount)).containsExactlyElementsOf(expected);
        assertThat(difference(loads(), before)).isEmpty();
    }

    @Test
    @Order(6)
    void withTheControllerStoppedListingsAndCachedReadsWorkAndOfflineReadsFailWithEio() throws Exception {
        List<Path> files = regularFiles(sourceB);
        Path cached = files.get(0);
        Path offline = files.get(files.size() - 1);
        evictCache();
        sha256(mount.resolve(cached));
        assertThat(xattr(mount.resolve(cached), "tapelib.state")).isEqualTo("cached");

        controller.stop();
        assertThat(Commands.run("ls", "-lR", mount.toString()).exitCode()).isZero();
        assertThat(sha256(mount.resolve(cached))).isEqualTo(sha256(sourceB.resolve(cached)));
        long started = System.nanoTime();
        Commands.Result failed = Commands.run("cat", mount.resolve(offline).toString());
        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.stderr()).contains("Input/output error");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(RECALL_TIMEOUT.minusMillis(500));

        // While the controller is down the library is free: its own CLI reads the on-tape index.
        String tape = xattr(mount.resolve(offline), "tapelib.tapes").split(",")[0];
        Commands.Result index = runController("index", "--volume-tag", tape);
        assertThat(index.exitCode()).as(index.stderr()).isZero();
        assertThat(index.stdout()).contains(offline.toString());

        controller.start();
        assertThat(sha256(mount.resolve(offline))).isEqualTo(sha256(sourceB.resolve(offline)));
        assertThat(gateway.alive()).isTrue();
    }

    @Test
    @Order(7)
    void badInputGetsAClearError() throws Exception {
        given().baseUri(controller.baseUrl()).contentType(ContentType.JSON).body("{\"volumeTag\": \"XX9999L5\"}")
                .post("/api/v1/drives/0/load").then().statusCode(404);
        emptyDrive();
        given().baseUri(controller.baseUrl()).contentType(ContentType.JSON).body("{\"volumeTag\": \"CLN001L1\"}")
                .post("/api/v1/drives/0/load").then().statusCode(409);
        given().baseUri(controller.baseUrl()).contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0003L5\"}")
                .post("/api/v1/drives/0/load").then().statusCode(200);
        given().baseUri(controller.baseUrl()).contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0004L5\"}")
                .post("/api/v1/drives/0/load").then().statusCode(409);

        Commands.Result tooLong = Commands.run("touch", mount.resolve("n".repeat(256)).toString());
        assertThat(tooLong.exitCode()).isNotZero();
        assertThat(tooLong.stderr()).contains("File name too long");
    }

    @Test
    @Order(8)
    void aOneGibFileIsMigratedAndRecalledWithBothProcessesAt256MbHeap() throws Exception {
        Path big = work.resolve("big.bin");
        Commands.run("sh", "-c", "head -c " + (1L << 30) + " /dev/urandom > " + big).requireSuccess("make 1 GiB");
        String expected = sha256(big);
        Commands.run("cp", big.toString(), mount.resolve("big.bin").toString()).requireSuccess("cp 1 GiB into the mount");
        await("1 GiB file migrated").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "cached".equals(xattr(mount.resolve("big.bin"), "tapelib.state")));
        evictCache();
        assertThat(sha256(mount.resolve("big.bin"))).isEqualTo(expected);
        assertThat(controller.alive()).isTrue();
        assertThat(gateway.alive()).isTrue();
    }

    @Test
    @Order(9)
    void aControllerKilledWhileWritingAMigrationLeavesATapeThatIsRecoveredAtItsNextMountWithoutAnOperator()
            throws Exception {
        Path crash = work.resolve("crash.bin");
        long crashBytes = 512L << 20;
        Commands.run("sh", "-c", "head -c " + crashBytes + " /dev/urandom > " + crash).requireSuccess("make 512 MiB");
        String expected = sha256(crash);
        Map<String, Long> objectsBefore = new TreeMap<>();
        for (String tag : cartridgeTags()) {
            objectsBefore.put(tag, logicalObjects(tag));
        }
        Commands.run("cp", crash.toString(), mount.resolve("crash.bin").toString()).requireSuccess("cp 512 MiB into the mount");

        // The MIGRATE job is running and its tape's data partition is growing: the write is under way.
        Map<String, Long> firstSeen = new TreeMap<>();
        String killedTape = await("a MIGRATE job writing crash.bin").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    Optional<String> tag = runningMigration();
                    if (tag.isEmpty()) {
                        return null;
                    }
                    long objects = logicalObjects(tag.get());
                    long first = firstSeen.computeIfAbsent(tag.get(), t -> objects);
                    return objects - first >= 32 ? tag.get() : null;
                }, java.util.Objects::nonNull);
        long logBytesBeforeKill = Files.size(controller.log());
        controller.kill();

        assertThat(controller.alive()).isFalse();
        long written = (logicalObjects(killedTape) - objectsBefore.get(killedTape)) * BLOCK_BYTES;
        assertThat(written).as("bytes on %s when the controller died", killedTape).isPositive().isLessThan(crashBytes);
        assertThat(gateway.alive()).isTrue();
        assertThat(Commands.listing(mount)).anyMatch(line -> line.startsWith("crash.bin " + crashBytes + " "));
        assertThat(xattr(mount.resolve("crash.bin"), "tapelib.state")).isEqualTo("dirty");

        controller.start();
        await("crash.bin migrated after the restart").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> "cached".equals(xattr(mount.resolve("crash.bin"), "tapelib.state")));
        String tapes = xattr(mount.resolve("crash.bin"), "tapelib.tapes");
        assertThat(tapes).isNotBlank();
        evictCache();
        assertThat(xattr(mount.resolve("crash.bin"), "tapelib.state")).isEqualTo("offline");
        assertThat(sha256(mount.resolve("crash.bin"))).isEqualTo(expected);

        // issue 10 part B: the tape this service wrote is recovered at its next mount, in one line, no operator
        assertThat(logSince(controller, logBytesBeforeKill)).contains(killedTape + ": recovered at mount")
                .doesNotContain(killedTape + ": inconsistent, mounted read-only");
        Map<String, Object> recovered = recover(killedTape);
        assertThat(recovered).containsEntry("type", "RECOVER").containsEntry("state", "SUCCEEDED")
                .containsEntry("volumeTag", killedTape);
        assertThat(logSince(controller, logBytesBeforeKill)).contains(killedTape + " was consistent; nothing written");

        // Writable again: the recovered tape, still in the drive, takes the next migration.
        Path small = mount.resolve("after-recover.txt");
        Files.writeString(small, "written after " + killedTape + " was recovered\n");
        await("after-recover.txt migrated").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> "cached".equals(xattr(small, "tapelib.state")));
        assertThat(xattr(small, "tapelib.tapes")).isEqualTo(killedTape);
        emptyDrive();
        assertThat(gateway.alive()).isTrue();
    }

    // --- helpers ---

    /** The volume tag of the MIGRATE job the controller reports RUNNING, if any. */
    private Optional<String> runningMigration() {
        List<Map<String, Object>> jobs = given().baseUri(controller.baseUrl()).get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return jobs.stream().filter(j -> "MIGRATE".equals(j.get("type")) && "RUNNING".equals(j.get("state")))
                .map(j -> (String) j.get("volumeTag")).filter(java.util.Objects::nonNull).findFirst();
    }

    /** POST .../recover: the finished RECOVER job. */
    private Map<String, Object> recover(String volumeTag) {
        return given().baseUri(controller.baseUrl()).post("/api/v1/tapes/" + volumeTag + "/recover")
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    private List<String> cartridgeTags() throws IOException {
        try (Stream<Path> dirs = Files.list(work.resolve("library").resolve("cartridges"))) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    /** Records, filemarks and EOD markers of the data partition (b) in a virtual cartridge's directory. */
    private static long logicalObjects(String volumeTag) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("library").resolve("cartridges").resolve(volumeTag))) {
            return files.filter(f -> f.getFileName().toString().startsWith("1_")).count();
        }
    }

    /** What a service logged after the first {@code offset} bytes of its log file. */
    private static String logSince(ServiceProcess service, long offset) throws IOException {
        byte[] log = Files.readAllBytes(service.log());
        return new String(log, (int) Math.min(offset, log.length), (int) Math.max(0, log.length - offset),
                StandardCharsets.UTF_8);
    }

    private Commands.Result runController(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", CONTROLLER_JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(controllerEnv);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Commands.Result(process.waitFor(), out, err);
    }

    /** Cartridge loads since the controller started, per volume tag, from its Prometheus metrics. */
    private Map<String, Integer> loads() {
        String metrics = given().baseUri(controller.baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
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

    private void emptyDrive() {
        Map<String, Object> drive = given().baseUri(controller.baseUrl()).get("/api/v1/library")
                .then().statusCode(200).extract().jsonPath().getMap("drives[0]");
        if (Boolean.TRUE.equals(drive.get("full"))) {
            given().baseUri(controller.baseUrl()).post("/api/v1/drives/0/unload").then().statusCode(200);
        }
    }

    private void evictCache() {
        given().baseUri(gateway.baseUrl()).post("/api/v1/cache/evict").then().statusCode(200);
    }

    private boolean mounted() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mount + " ");
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

    /** A {@code user.} extended attribute as the mount shows it, {@code name} without the prefix. */
    private static String xattr(Path file, String name) {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
            view.read(name, buffer);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading user." + name + " of " + file, e);
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
