package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "Rebuild", through the real jars and a real mount, on one pair of processes: a catalog lost with its
 * backups comes back from the tapes' indexes and the cache's dirty journal (dirty entries at their paths, still
 * dirty); a cartridge written by the controller's import while the gateway ran is indexed again at its next mount,
 * without a restart; {@code POST /api/v1/rebuild} re-indexes every cartridge and leaves the tree as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildSystemTest {
    private static final Duration WRITE_DELAY = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String IMPORT_TAPE = "TL0002L5";

    private Path work;
    private LibraryPair pair;
    private Path mount;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        this.work = work;
        Path first = Files.createDirectories(work.resolve("source-1/imported"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(first.resolve("file-" + i + ".txt"), "imported " + i + "\n");
        }
        Path second = Files.createDirectories(work.resolve("source-2/second"));
        Files.writeString(second.resolve("old.txt"), "on the second tape from the start\n");
        pair = new LibraryPair("rebuild", work, Map.of(), Map.of("WRITE_DELAY", WRITE_DELAY.toSeconds() + "s"));
        pair.importTree(work.resolve("source-1"), "TL0001L5");
        pair.importTree(work.resolve("source-2"), IMPORT_TAPE);
        pair.start();
        mount = pair.mount;
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aCatalogLostWithItsBackupsComesBackFromTheTapesAndTheDirtyJournalWithDirtyEntriesAtTheirPaths()
            throws Exception {
        Path tree = Files.createDirectories(mount.resolve("lost/on-tape"));
        for (int i = 0; i < 3; i++) {
            MountFiles.writeGenerated(tree.resolve("migrated-" + i + ".bin"), 100_000 + i, i);
        }
        Files.createSymbolicLink(tree.resolve("migrated-link"), Path.of("migrated-0.bin"));
        for (int i = 0; i < 3; i++) {
            pair.awaitMigrated("lost/on-tape/migrated-" + i + ".bin", WAIT);
        }
        // the dirty ones stay dirty: the gateway that makes them waits an hour before migrating
        pair.gateway.stop();
        pair.reconfigureGateway(Map.of("WRITE_DELAY", "1h"));
        pair.gateway.start();
        MountFiles.writeGenerated(tree.resolve("dirty-beside.bin"), 300_000, 11);
        Path deep = Files.createDirectories(mount.resolve("lost/new-dir/deeper"));
        MountFiles.writeGenerated(deep.resolve("dirty-deep.bin"), 70_000, 12);
        Files.writeString(deep.resolve("empty-file"), "");
        Files.createSymbolicLink(deep.resolve("dirty-link"), Path.of("../../on-tape/dirty-beside.bin"));
        Files.createDirectories(mount.resolve("lost/new-dir/empty"));
        Commands.run("chmod", "0600", deep.resolve("dirty-deep.bin").toString()).requireSuccess("chmod");
        Commands.run("chown", "1234:567", deep.resolve("dirty-deep.bin").toString()).requireSuccess("chown");
        Commands.run("touch", "-m", "-d", "2001-02-03 04:05:06.123456789", deep.resolve("dirty-deep.bin").toString())
                .requireSuccess("touch");
        // a file on tape written anew at the mount: the dirty content must win over the tape's
        Files.write(tree.resolve("migrated-1.bin"), "written anew at the mount\n".repeat(5000).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        List<String> dirty = List.of("lost/on-tape/dirty-beside.bin", "lost/new-dir/deeper/dirty-deep.bin",
                "lost/new-dir/deeper/empty-file", "lost/on-tape/migrated-1.bin");
        for (String path : dirty) {
            assertThat(pair.xattr(path, "tapelib.state")).as(path).isEqualTo("dirty");
        }
        List<String> before = find();
        Map<String, String> digestsBefore = digests();

        pair.gateway.stop();
        Path catalogDir = work.resolve("catalog");
        try (Stream<Path> files = Files.walk(catalogDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        long logOffset = pair.gateway.logSize();
        pair.gateway.start();

        assertThat(find()).isEqualTo(before);
        assertThat(digests()).isEqualTo(digestsBefore);
        for (String path : dirty) {
            assertThat(pair.xattr(path, "tapelib.state")).as(path + " still dirty").isEqualTo("dirty");
        }
        String log = pair.gateway.logSince(logOffset);
        assertThat(log).contains("Dirty entries placed back at their paths");
        assertThat(log).doesNotContain("cannot be placed");
        try (Stream<Path> setAside = Files.walk(work.resolve("cache"))) {
            assertThat(setAside.filter(Files::isRegularFile).map(Path::toString).filter(p -> p.contains("set-aside")))
                    .as("nothing left set aside").isEmpty();
        }
        System.out.printf("RebuildSystemTest: catalog and backups deleted; %d entries back, %d of them dirty files%n",
                before.size(), dirty.size());
    }

    @Test
    void aCartridgeImportedWhileTheGatewayRanShowsItsNewFilesAfterItsNextLoad() throws Exception {
        assertThat(Files.exists(mount.resolve("second/old.txt"))).isTrue();
        Path more = Files.createDirectories(work.resolve("source-3/second"));
        Files.writeString(more.resolve("new.txt"), "imported while the gateway ran\n");

        pair.controller.stop();
        given().baseUri(pair.gateway.baseUrl()).post("/api/v1/rebuild").then().statusCode(503);
        pair.importTree(work.resolve("source-3"), IMPORT_TAPE);
        long logOffset = pair.gateway.logSize();
        pair.controller.start();
        await("the gateway watches the controller's events again").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> pair.gateway.logSince(logOffset).contains("Watching the controller for mounted cartridges"));
        assertThat(Files.exists(mount.resolve("second/new.txt"))).as("not before the cartridge is loaded").isFalse();

        // a recall loads the cartridge and reads its index (O_DIRECT: the kernel's page cache may hold the file)
        pair.evictCache();
        assertThat(Commands.run("dd", "if=" + mount.resolve("second/old.txt"), "iflag=direct", "bs=4096",
                "status=none").requireSuccess("dd").stdout()).isEqualTo("on the second tape from the start\n");

        long started = System.nanoTime();
        await("the imported file appears").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(mount.resolve("second/new.txt")));
        System.out.printf("RebuildSystemTest: the imported file appeared %d ms after the recall that loaded %s%n",
                (System.nanoTime() - started) / 1_000_000, IMPORT_TAPE);
        assertThat(Files.readString(mount.resolve("second/new.txt"))).isEqualTo("imported while the gateway ran\n");
        assertThat(pair.gateway.logSince(logOffset)).contains(IMPORT_TAPE + " was mounted with index generation");
    }

    @Test
    void postRebuildReindexesEveryCartridgeWithProgressAndLeavesTheTreeAsItWas() throws Exception {
        List<String> before = find();
        Map<String, String> digestsBefore = digests();
        String started = given().baseUri(pair.gateway.baseUrl()).post("/api/v1/rebuild")
                .then().statusCode(202).extract().asString();
        // at once, while the first reads its cartridges (parsing JSON the first time takes a second)
        int again = given().baseUri(pair.gateway.baseUrl()).post("/api/v1/rebuild").then().extract().statusCode();
        assertThat(again).as("a second rebuild while one runs").isEqualTo(409);
        int cartridges = new JsonPath(started).getInt("cartridgesTotal");
        assertThat(cartridges).as("the virtual library's data cartridges").isGreaterThanOrEqualTo(2);
        await("the rebuild ends").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> !status().getBoolean("rebuild.running"));

        JsonPath end = status();
        assertThat(end.getInt("rebuild.cartridgesDone")).isEqualTo(cartridges);
        assertThat(end.getLong("rebuild.entries")).isPositive();
        assertThat(end.getList("rebuild.failed")).isEmpty();
        assertThat(find()).isEqualTo(before);
        assertThat(digests()).isEqualTo(digestsBefore);
        assertThat(pair.gateway.logSince(0)).contains("Rebuild: " + cartridges + " of " + cartridges + " cartridges done");
        System.out.printf("RebuildSystemTest: POST /api/v1/rebuild read %d cartridges, %d entries%n", cartridges,
                end.getLong("rebuild.entries"));
    }

    private JsonPath status() {
        return given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then().statusCode(200).extract()
                .jsonPath();
    }

    /**
     * {@code find MOUNT -printf '%P %y %s %m %U %G %T@ %l'}, sorted; directories without size and time. A directory's
     * time on tape is the one the mount shows only once issue 11's "Times are the entries' own" and pending
     * metadata changes are in, and a new directory's own mode, owner and times come back once it is journalled as
     * a dirty entry (dirty mkdir); files and symlinks are compared whole.
     */
    private List<String> find() throws IOException, InterruptedException {
        return Commands.run("find", mount.toString(), "-printf", "%y|%P %y %s %m %U %G %T@ %l|%P %y %m %U %G\\n")
                .requireSuccess("find " + mount).lines().stream()
                .map(line -> line.split("\\|", -1))
                .map(fields -> fields[0].equals("d") ? fields[2] : fields[1])
                .sorted().toList();
    }

    /** SHA-256 of every regular file below the mount, by relative path. */
    private Map<String, String> digests() throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(mount)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                digests.put(mount.relativize(file).toString(), MountFiles.sha256(file));
            }
        }
        return digests;
    }
}
