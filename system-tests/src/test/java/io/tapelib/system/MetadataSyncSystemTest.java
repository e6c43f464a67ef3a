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
 * names with the mount's modes, owners and times. POST /api/v1/sync writes changes no migration carries at once.
 * The pending changes survive the gateway killed (SIGKILL) before
 * they reached tape, and stay pending while the controller is away.
 */
class MetadataSyncSystemTest {
    private static final Duration WRITE_DELAY = Duration.ofSeconds(4);
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
        // The rows are the only record of these changes until a tape's index has them: a killed gateway keeps them.
        pair.gateway.kill();
        pair.gateway.start();
        assertThat(pending()).as("pending changes after the gateway was killed").isNotEmpty();

        awaitNothingPending(SYNC_INTERVAL.plusSeconds(60));
        double seconds = (System.nanoTime() - changed) / 1e9;
        assertThat(given().baseUri(pair.gateway.baseUrl()).post("/api/v1/sync").then().statusCode(200)
                .extract().jsonPath().getInt("volumes")).as("nothing left for POST /api/v1/sync").isZero();

        // Changes with no migration to carry them: POST /api/v1/sync writes them now (UpdateIndex).
        Files.move(mount.resolve("b/keep.txt"), mount.resolve("b/kept.txt"));
        run("chmod", "640", mount.resolve("b/two.txt").toString());
        Map<String, Object> synced = given().baseUri(pair.gateway.baseUrl()).post("/api/v1/sync").then()
                .statusCode(200).extract().jsonPath().getMap("$");
        assertThat(synced).containsEntry("volumes", 1).containsEntry("failed", List.of());
        assertThat(pending()).as("pending after POST /api/v1/sync").isEmpty();
        List<String> treeBefore = tree(mount);
        String atimeBefore = run("stat", "-c", "%X", mount.resolve("a/five.txt").toString()).trim();
        Map<String, String> digestsBefore = digests(mount);

        // POST /api/v1/sync answers 503 while the controller is away, and the change stays pending.
        pair.controller.stop();
        String keepMode = run("stat", "-c", "%a", mount.resolve("b/kept.txt").toString()).trim();
        run("chmod", keepMode, mount.resolve("b/kept.txt").toString());
        given().baseUri(pair.gateway.baseUrl()).post("/api/v1/sync").then().statusCode(503);
        assertThat(pending()).isNotEmpty();

        List<String[]> index = indexLines();
        List<String> onTape = onTapeEntries(index);
        List<String> expected = treeBefore.stream().map(MetadataSyncSystemTest::asIndexLine).toList();
        assertThat(onTape).as("the cartridges' indexes name exactly the mount's entries, with their kinds, modes,"
                + " owners and modification times").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(onTapeAccessTime(index, "a/five.txt")).as("touch -a on tape").startsWith(atimeBefore + ".");

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
                + " (METADATA_SYNC_INTERVAL %d s); %d index entries checked%n", treeBefore.size(), seconds,
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

    /**
     * "KIND path mode uid gid mtime" of every entry of every LTFS cartridge's index, read by the controller's index
     * command (columns: kind, length, mode, uid, gid, mtime, atime, ctime, device, link group, sha256, xattrs, path,
     * target); the same entry on two cartridges counts once. Symlinks' modes are left out (always 0777).
     */
    private static List<String> onTapeEntries(List<String[]> index) {
        List<String> entries = new ArrayList<>();
        for (String[] fields : index) {
            String mode = fields[0].equals("SYMLINK") ? "-" : Integer.toOctalString(Integer.parseInt(fields[2], 8));
            entries.add(String.join(" ", fields[0], relative(fields[12]), mode, fields[3], fields[4], fields[5]));
        }
        return entries.stream().distinct().toList();
    }

    /** The access time (epoch seconds.nanoseconds) the cartridges' indexes give {@code path}. */
    private static String onTapeAccessTime(List<String[]> index, String path) {
        return index.stream().filter(fields -> relative(fields[12]).equals(path)).map(fields -> fields[6])
                .findFirst().orElseThrow();
    }

    /** The entry lines of every LTFS cartridge's index (the volume root left out), split at tabs. */
    private List<String[]> indexLines() throws IOException, InterruptedException {
        List<String[]> lines = new ArrayList<>();
        for (String tag : pair.cartridgeTags()) {
            Commands.Result index = pair.controllerCli("index", "--volume-tag", tag);
            if (index.exitCode() != 0 || !index.stdout().contains(" LTFS ")) {
                continue;
            }
            for (String line : index.lines()) {
                String[] fields = line.split("\t");
                // Entry lines have 14 tab-separated columns; the rest of stdout is the command's log.
                if (fields.length >= 14 && !line.startsWith("#") && !relative(fields[12]).isEmpty()) {
                    lines.add(fields);
                }
            }
        }
        return lines;
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** A line of {@link #tree} as {@link #onTapeEntries} gives it: find's %T@ has 10 fraction digits, LTFS 9. */
    private static String asIndexLine(String treeLine) {
        String[] fields = treeLine.split(" ");
        String kind = switch (fields[1]) {
            case "d" -> "DIRECTORY";
            case "l" -> "SYMLINK";
            default -> "FILE";
        };
        String mtime = new java.math.BigDecimal(fields[6]).setScale(9, java.math.RoundingMode.DOWN).toPlainString();
        return String.join(" ", kind, fields[0], kind.equals("SYMLINK") ? "-" : fields[3], fields[4], fields[5], mtime);
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
