package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Issue 11, acceptance 6, through the real jars and a real mount: {@code cp -a} of a tree with user extended
 * attributes (text and binary values, on files and a directory) and hard links into the mount reports no error; once
 * migrated and evicted from the cache, read back from tape, the copy equals the source: {@code getfattr -d -m user.}
 * (this service's user.tapelib.* left aside), link counts ({@code stat -c %h}), modification times and sha256.
 */
class CopyArchiveSystemTest {
    private static final Duration WRITE_DELAY = Duration.ofSeconds(2);

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void cpMinusAOfXattrsAndHardLinksSurvivesMigrationEvictionAndRecall() throws Exception {
        Path source = sourceTree(work.resolve("source"));
        pair = new LibraryPair("copy-archive", work, Map.of(), Map.of("WRITE_DELAY", WRITE_DELAY.toSeconds() + "s"));
        pair.start();
        Path copy = pair.mount.resolve("archive");

        Commands.Result cp = Commands.run("cp", "-a", source.toString(), copy.toString());
        assertThat(cp.exitCode()).as("cp -a: %s", cp.stderr()).isZero();
        assertThat(cp.stderr()).isEmpty();

        List<String> files = regularFiles(source);
        for (String file : files) {
            pair.awaitCached("archive/" + file, WRITE_DELAY.plusSeconds(60));
        }
        pair.evictCache();
        for (String file : files) {
            assertThat(pair.xattr("archive/" + file, "tapelib.state")).as(file).isEqualTo("offline");
        }

        Map<String, String> expected = description(source);
        Map<String, String> actual = description(copy);
        assertThat(actual).isEqualTo(expected);
        for (String file : files) {
            assertThat(pair.xattr("archive/" + file, "tapelib.state")).as(file).isEqualTo("cached");
        }
    }

    /**
     * docs/ (a directory attribute), a text file with a text attribute, a binary file with a binary attribute (bytes
     * no XML text can carry), a file with two further names in other directories, one with one further name.
     */
    private static Path sourceTree(Path source) throws Exception {
        Files.createDirectories(source.resolve("docs"));
        Files.createDirectories(source.resolve("data/deep"));
        Files.createDirectories(source.resolve("links"));
        Files.writeString(source.resolve("docs/readme.txt"), "A file kept on tape.\n");
        MountFiles.writeGenerated(source.resolve("data/big.bin"), 3L * 1024 * 1024 + 17, 11);
        MountFiles.writeGenerated(source.resolve("data/deep/small.bin"), 70_001, 12);
        setfattr(source.resolve("docs"), "user.purpose", "documentation");
        setfattr(source.resolve("docs/readme.txt"), "user.comment", "hello, tape — ünïcödé");
        setfattr(source.resolve("docs/readme.txt"), "user.empty", "");
        setfattr(source.resolve("data/big.bin"), "user.blob", "0x00ff0a0d1b80c3283c2600");
        setfattr(source.resolve("data/big.bin"), "user.checksum.origin", "generated, seed 11");
        link(source.resolve("data/big.bin"), source.resolve("links/big-again.bin"));
        link(source.resolve("data/big.bin"), source.resolve("big-third.bin"));
        link(source.resolve("data/deep/small.bin"), source.resolve("docs/small-link.bin"));
        return source;
    }

    private static void setfattr(Path file, String name, String value) throws Exception {
        Commands.run("setfattr", "-n", name, "-v", value, file.toString()).requireSuccess("setfattr " + name);
    }

    private static void link(Path existing, Path newName) throws Exception {
        Commands.run("ln", existing.toString(), newName.toString()).requireSuccess("ln " + newName);
    }

    private static List<String> regularFiles(Path root) throws Exception {
        return Commands.run("find", root.toString(), "-type", "f", "-printf", "%P\\n").requireSuccess("find").lines();
    }

    /**
     * Per relative path: type, mode, link count, modification time (ns), size and sha256 of files, and the user
     * attributes as {@code getfattr -d -e hex} prints them, without this service's own.
     */
    private static Map<String, String> description(Path root) throws Exception {
        Map<String, String> result = new TreeMap<>();
        for (String line : Commands.run("find", root.toString(), "-mindepth", "1", "-printf", "%P\\n")
                .requireSuccess("find").lines()) {
            Path path = root.resolve(line);
            String stat = Commands.run("stat", "-c", "%F %a %h %.9Y", path.toString()).requireSuccess("stat")
                    .stdout().strip();
            // A directory's st_size is the filesystem's own business (4096 on ext4, 0 at the mount).
            String digest = Files.isRegularFile(path) ? Files.size(path) + " " + MountFiles.sha256(path) : "-";
            result.put(line, stat + " " + digest + " " + userXattrs(path));
        }
        return result;
    }

    private static String userXattrs(Path path) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Commands.run("getfattr", "--absolute-names", "-d", "-e", "hex", "-m", "^user\\.",
                path.toString()).requireSuccess("getfattr").lines()) {
            if (line.startsWith("user.") && !line.startsWith("user.tapelib.")) {
                lines.add(line);
            }
        }
        return String.join(";", lines);
    }
}
