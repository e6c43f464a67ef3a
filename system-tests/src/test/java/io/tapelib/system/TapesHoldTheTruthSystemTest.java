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
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, acceptances 1 and 2, through the real jars and a real mount: a tree with renamed, moved, deleted, chmod/chown'ed,
 * touched, xattr'd (text and binary), hard-linked, FIFO, device-node, symlink and empty-directory entries, some on
 * tape and some dirty, comes back exactly after the catalog and its backups are deleted: rebuilt from the tapes'
 * indexes and the cache's dirty journal. The service's own {@code user.tapelib.*} report attributes are left out of
 * the comparison: they say where a file's content is, and the dropped cache legitimately changes that. Then the
 * controller's {@code index} command reads every cartridge: its entries are exactly the mount's part on tape.
 */
class TapesHoldTheTruthSystemTest {
    private static final Duration MIGRATION = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void aCatalogRebuiltFromTheTapesAndTheDirtyJournalShowsTheSameTree() throws Exception {
        pair = new LibraryPair("tapes-hold-the-truth", work, Map.of(),
                Map.of("WRITE_DELAY", "1s", "METADATA_SYNC_INTERVAL", "10s")).start();
        Path mount = pair.mount;

        // On tape: files, a hard-link pair, a FIFO, a device node, a symlink, empty directories, user xattrs.
        Path tape = Files.createDirectories(mount.resolve("tape/sub"));
        Files.createDirectories(mount.resolve("tape/empty-kept"));
        Files.createDirectories(mount.resolve("tape/empty-removed"));
        for (String name : List.of("renamed", "moved", "deleted", "modes", "touched", "xattrs", "linked")) {
            MountFiles.writeGenerated(tape.resolve(name + ".bin"), 40_000 + name.length(), name.hashCode());
        }
        run("ln", tape.resolve("linked.bin").toString(), tape.resolve("linked-2.bin").toString());
        run("mkfifo", tape.resolve("fifo").toString());
        run("mknod", tape.resolve("null-device").toString(), "c", "1", "3");
        Files.createSymbolicLink(tape.resolve("symlink"), Path.of("renamed.bin"));
        run("setfattr", "-n", "user.note", "-v", "on tape", tape.resolve("xattrs.bin").toString());
        awaitNothingDirty();

        // Metadata changes of entries whose copy is on tape.
        run("mv", tape.resolve("renamed.bin").toString(), tape.resolve("renamed-now.bin").toString());
        run("mv", tape.resolve("moved.bin").toString(), mount.resolve("tape/empty-kept/moved.bin").toString());
        run("rm", tape.resolve("deleted.bin").toString());
        run("rmdir", mount.resolve("tape/empty-removed").toString());
        run("chmod", "0640", tape.resolve("modes.bin").toString());
        run("chown", "1234:5678", tape.resolve("modes.bin").toString());
        run("touch", "-m", "-d", "2001-02-03 04:05:06.123456789", tape.resolve("touched.bin").toString());
        run("touch", "-a", "-d", "2002-03-04 05:06:07", tape.resolve("touched.bin").toString());
        run("setfattr", "-n", "user.binary", "-v", "0x00ff10fe", tape.resolve("xattrs.bin").toString());
        run("ln", tape.resolve("linked.bin").toString(), mount.resolve("tape/linked-3.bin").toString());
        run("setfattr", "-n", "user.dir", "-v", "a directory's own", mount.resolve("tape/empty-kept").toString());

        // Dirty: the write delay is now long, so these stay in the cache only.
        pair.gateway.stop();
        pair.reconfigureGateway(Map.of("WRITE_DELAY", "1h"));
        pair.gateway.start();
        Path dirty = Files.createDirectories(mount.resolve("dirty/empty"));
        MountFiles.writeGenerated(mount.resolve("dirty/new.bin"), 70_000, 7);
        run("ln", mount.resolve("dirty/new.bin").toString(), mount.resolve("dirty/new-link.bin").toString());
        run("mkfifo", mount.resolve("dirty/fifo").toString());
        run("mknod", mount.resolve("dirty/block-device").toString(), "b", "7", "0");
        Files.createSymbolicLink(mount.resolve("dirty/symlink"), Path.of("../tape/renamed-now.bin"));
        run("setfattr", "-n", "user.binary", "-v", "0x0102ff", mount.resolve("dirty/new.bin").toString());
        run("chmod", "0751", dirty.toString());
        given().baseUri(pair.gateway.baseUrl()).post("/api/v1/sync").then().statusCode(200);

        List<String> treeBefore = find(mount);
        Map<String, String> xattrsBefore = userXattrs(mount);
        Map<String, String> digestsBefore = digests(mount);
        assertThat(treeBefore).anyMatch(line -> line.startsWith("tape/sub/renamed-now.bin f "))
                .noneMatch(line -> line.startsWith("tape/sub/deleted.bin ") || line.startsWith("tape/empty-removed "))
                .anyMatch(line -> line.startsWith("tape/sub/linked.bin f ") && line.contains(" 3 "))
                .anyMatch(line -> line.startsWith("dirty/fifo p "))
                .anyMatch(line -> line.startsWith("dirty/block-device b "));
        assertThat(xattrsBefore.get("tape/sub/xattrs.bin")).contains("user.note=").contains("user.binary=");

        pair.gateway.stop();
        Path catalog = work.resolve("catalog");
        try (Stream<Path> files = Files.walk(catalog)) {
            for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                if (!file.equals(catalog)) {
                    Files.delete(file);
                }
            }
        }
        pair.gateway.start();

        assertThat(find(mount)).isEqualTo(treeBefore);
        assertThat(userXattrs(mount)).isEqualTo(xattrsBefore);
        assertThat(digests(mount)).isEqualTo(digestsBefore);
        assertThat(pair.xattr("dirty/new.bin", "tapelib.state")).isEqualTo("dirty");
        System.out.printf("TapesHoldTheTruthSystemTest: %d entries, %d files, %d with user xattrs came back%n",
                treeBefore.size(), digestsBefore.size(), xattrsBefore.size());

        // Acceptance 2: the cartridges, read with the controller's index command, name exactly the mount's entries
        // of the part on tape (kinds, modes, owners, modification times and user attributes included).
        Map<String, String> mountSide = new TreeMap<>();
        for (String line : find(mount)) {
            String[] f = line.split(" ", -1);
            if (f[0].startsWith("tape/")) {
                String xattrs = userXattrs(mount).getOrDefault(f[0], "");
                mountSide.put(f[0], String.join(" ", kind(f[1]), Integer.toOctalString(Integer.parseInt(f[3], 8)),
                        f[4], f[5], seconds(f[6]), xattrs.replace("0s", "")));
            }
        }
        pair.controller.stop();
        Map<String, String> tapeSide = new TreeMap<>();
        for (String tag : pair.cartridgeTags()) {
            if (tag.startsWith("CLN")) {
                continue;   // the library's cleaning cartridge holds no index
            }
            Commands.Result index = pair.controllerCli("index", "--volume-tag", tag);
            assertThat(index.exitCode()).as("index %s: %s", tag, index.stderr()).isZero();
            for (String line : index.lines()) {
                // kind, length, mode, uid, gid, mtime, atime, ctime, device, link, sha256, xattrs, path, target
                String[] f = line.split("\t", -1);
                if (f.length == 14 && f[12].startsWith("tape/")) {
                    String xattrs = f[11].equals("-") ? "" : String.join(";", java.util.Arrays.stream(f[11].split(","))
                            .map(kv -> "user." + kv).sorted().toList());
                    tapeSide.put(f[12], String.join(" ", f[0], Integer.toOctalString(Integer.parseInt(f[2], 8)),
                            f[3], f[4], seconds(f[5]), xattrs));
                }
            }
        }
        assertThat(mountSide).hasSizeGreaterThan(10);
        assertThat(tapeSide).isEqualTo(mountSide);
        System.out.printf("TapesHoldTheTruthSystemTest: the cartridges' indexes name the %d entries of tape/ as the"
                + " mount shows them%n", tapeSide.size());
    }

    private static String kind(String findType) {
        return switch (findType) {
            case "f" -> "FILE";
            case "d" -> "DIRECTORY";
            case "l" -> "SYMLINK";
            case "p" -> "FIFO";
            case "c" -> "CHARACTER_DEVICE";
            case "b" -> "BLOCK_DEVICE";
            case "s" -> "SOCKET";
            default -> throw new AssertionError("find type " + findType);
        };
    }

    private static String seconds(String text) {
        return new java.math.BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    private void awaitNothingDirty() {
        await("nothing dirty").atMost(MIGRATION).pollInterval(Duration.ofMillis(250)).until(() ->
                given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then().statusCode(200)
                        .extract().jsonPath().getInt("dirtyFiles") == 0);
    }

    /** What {@code find -printf '%P %y %s %m %U %G %T@ %n %l'} shows, sorted (%P of the mount itself is empty). */
    private static List<String> find(Path mount) throws IOException, InterruptedException {
        Commands.Result found = run("find", mount.toString(), "-printf", "%P %y %s %m %U %G %T@ %n %l\\n");
        return found.lines().stream().sorted().toList();
    }

    /** Per entry, {@code getfattr -d -m ^user\.} without the service's own {@code user.tapelib.*} attributes. */
    private static Map<String, String> userXattrs(Path mount) throws IOException, InterruptedException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> entries = Files.walk(mount)) {
            for (Path entry : entries.toList()) {
                if (Files.isSymbolicLink(entry) || !(Files.isRegularFile(entry) || Files.isDirectory(entry))) {
                    continue;
                }
                Commands.Result dumped = Commands.run("getfattr", "-d", "-e", "base64", "-m", "^user\\.",
                        "--absolute-names", entry.toString());
                List<String> own = new ArrayList<>();
                for (String line : dumped.lines()) {
                    if (line.startsWith("user.") && !line.startsWith("user.tapelib.")) {
                        own.add(line);
                    }
                }
                if (!own.isEmpty()) {
                    result.put(mount.relativize(entry).toString(), String.join(";", own));
                }
            }
        }
        return result;
    }

    private static Map<String, String> digests(Path mount) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> entries = Files.walk(mount)) {
            for (Path entry : entries.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                result.put(mount.relativize(entry).toString(), MountFiles.sha256(entry));
            }
        }
        return result;
    }

    private static Commands.Result run(String... command) throws IOException, InterruptedException {
        Commands.Result result = Commands.run(command);
        assertThat(result.exitCode()).as("%s: %s%s", String.join(" ", command), result.stdout(), result.stderr())
                .isZero();
        return result;
    }
}
