package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, acceptance 1 and 2 for what the metadata sync owns, through the real jars and a real mount: renames,
 * moves, deletions, chmod, chown, {@code touch -m}/{@code touch -a} of entries on tape, an empty directory and a
 * symlink made at the mount reach the cartridges' LTFS indexes within METADATA_SYNC_INTERVAL (10 s), and a catalog
 * rebuilt from the cartridges alone shows the same tree: deleted entries stay deleted, renamed ones have their new
 * names with the mount's modes, owners and times.
 */
class MetadataSyncSystemTest {
    private static final Duration WRITE_DELAY = Duration.ofSeconds(2);
    private static final Duration SYNC_INTERVAL = Duration.ofSeconds(10);
    private static final List<String> WRITTEN = List.of("a/one.txt", "a/two.txt", "a/three.txt", "a/four.txt",
            "a/five.txt", "a/sub/deep.txt", "b/keep.txt");

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void changesAtTheMountReachTheTapesAndACatalogRebuiltFromThemShowsTheSameTree() throws Exception {
        pair = new LibraryPair("metadata-sync", work, Map.of(), Map.of("WRITE_DELAY", WRITE_DELAY.toSeconds() + "s",
                "METADATA_SYNC_INTERVAL", SYNC_INTERVAL.toSeconds() + "s"));
        pair.start();
        Path mount = pair.mount;
        Files.createDirectories(mount.resolve("a/sub"));
        Files.createDirectories(mount.resolve("b"));
        for (int i = 0; i < WRITTEN.size(); i++) {
            MountFiles.writeGenerated(mount.resolve(WRITTEN.get(i)), 10_000 + i, i);
        }
        for (String file : WRITTEN) {
            pair.awaitMigrated(file, WRITE_DELAY.plusSeconds(60));
        }
        awaitNothingPending(Duration.ofSeconds(60));

        long changed = System.nanoTime();
        Files.move(mount.resolve("a/one.txt"), mount.resolve("a/uno.txt"));
        Files.move(mount.resolve("a/two.txt"), mount.resolve("b/two.txt"));
        Files.move(mount.resolve("a/sub"), mount.resolve("b/sub"));
        Files.delete(mount.resolve("a/three.txt"));
        run("chmod", "600", mount.resolve("a/four.txt").toString());
        run("chown", "1234:5678", mount.resolve("a/four.txt").toString());
        run("chmod", "700", mount.resolve("b").toString());
        run("touch", "-m", "-d", "2020-01-02 03:04:05.123456789", mount.resolve("a/five.txt").toString());
        run("touch", "-a", "-d", "2021-06-07 08:09:10", mount.resolve("a/five.txt").toString());
        Files.createDirectories(mount.resolve("empty"));
        Files.createSymbolicLink(mount.resolve("b/link"), Path.of("../a/uno.txt"));
        assertThat(pending()).as("pending changes right after the changes").isNotEmpty();

        awaitNothingPending(SYNC_INTERVAL.plusSeconds(60));
        double seconds = (System.nanoTime() - changed) / 1e9;
        assertThat(given().baseUri(pair.gateway.baseUrl()).post("/api/v1/sync").then().statusCode(200)
                .extract().jsonPath().getInt("volumes")).as("nothing left for POST /api/v1/sync").isZero();
        List<String> treeBefore = tree(mount);
        String atimeBefore = run("stat", "-c", "%X", mount.resolve("a/five.txt").toString()).trim();
        Map<String, String> digestsBefore = digests(mount);

        // POST /api/v1/sync answers 503 while the controller is away, and the change stays pending.
        pair.controller.stop();
        String keepMode = run("stat", "-c", "%a", mount.resolve("b/keep.txt").toString()).trim();
        run("chmod", keepMode, mount.resolve("b/keep.txt").toString());
        given().baseUri(pair.gateway.baseUrl()).post("/api/v1/sync").then().statusCode(503);
        assertThat(pending()).isNotEmpty();

        List<String> onTape = onTapePaths();
        assertThat(onTape).as("the cartridges' indexes name exactly the mount's entries")
                .containsExactlyInAnyOrderElementsOf(treeBefore.stream().map(line -> line.split(" ")[0])
                        .filter(path -> !path.isEmpty()).map(path -> kind(treeBefore, path) + " " + path).toList());

        pair.gateway.stop();
        for (String file : List.of("catalog.db", "catalog.db-wal", "catalog.db-shm")) {
            Files.deleteIfExists(work.resolve("catalog").resolve(file));
        }
        pair.start();

        List<String> treeAfter = tree(mount);
        assertThat(treeAfter).as("the tree rebuilt from the cartridges").isEqualTo(treeBefore);
        assertThat(digests(mount)).isEqualTo(digestsBefore);
        assertThat(run("stat", "-c", "%X", mount.resolve("a/five.txt").toString()).trim()).isEqualTo(atimeBefore);
        System.out.printf("MetadataSyncSystemTest: %d entries; changes on tape %.1f s after they were made"
                + " (METADATA_SYNC_INTERVAL %d s); %d cartridge paths checked%n", treeBefore.size(), seconds,
                SYNC_INTERVAL.toSeconds(), onTape.size());
    }

    /** Waits until the gateway has no dirty entries and no pending metadata changes. */
    private void awaitNothingPending(Duration atMost) {
        await("nothing dirty or pending at the gateway").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then().statusCode(200)
                        .extract().jsonPath().getInt("dirtyFiles") == 0 && pending().isEmpty());
    }

    private Map<String, Object> pending() {
        return given().baseUri(pair.gateway.baseUrl()).get("/api/v1/sync").then().statusCode(200)
                .extract().jsonPath().getMap("pending");
    }

    /** "KIND path" of every entry of every LTFS cartridge's index, read by the controller's index command. */
    private List<String> onTapePaths() throws IOException, InterruptedException {
        List<String> entries = new ArrayList<>();
        for (String tag : pair.cartridgeTags()) {
            Commands.Result index = pair.controllerCli("index", "--volume-tag", tag);
            if (index.exitCode() != 0 || !index.stdout().contains(" LTFS ")) {
                continue;
            }
            for (String line : index.lines()) {
                String[] fields = line.split("\t");
                // Entry lines are tab-separated (kind, length, sha256, path); the rest is the command's log.
                if (fields.length >= 4 && !line.startsWith("#")) {
                    String path = fields[fields.length - 1];
                    if (!path.isEmpty() && !path.equals("/")) {
                        entries.add(fields[0] + " " + (path.startsWith("/") ? path.substring(1) : path));
                    }
                }
            }
        }
        return entries.stream().distinct().toList();
    }

    private static String kind(List<String> tree, String path) {
        String type = tree.stream().filter(line -> line.startsWith(path + " ")).findFirst().orElseThrow()
                .split(" ")[1];
        return switch (type) {
            case "d" -> "DIRECTORY";
            case "l" -> "SYMLINK";
            default -> "FILE";
        };
    }

    /** {@code find MOUNT -printf '%P %y %s %m %U %G %T@ %l'}, sorted; the root's own line left out. */
    private static List<String> tree(Path mount) throws IOException, InterruptedException {
        return Commands.run("find", mount.toString(), "-mindepth", "1", "-printf", "%P %y %s %m %U %G %T@ %l\\n")
                .requireSuccess("find " + mount).lines().stream().sorted().toList();
    }

    private static Map<String, String> digests(Path mount) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (var files = Files.walk(mount)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                digests.put(mount.relativize(file).toString(), MountFiles.sha256(file));
            }
        }
        return digests;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return Commands.run(command).requireSuccess(String.join(" ", command)).stdout();
    }
}
