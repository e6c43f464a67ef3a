package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, the mount root's own metadata, through the real jars and a real mount: the root's mode, owner, times and
 * user xattrs ride along on a migration's index write, the controller's {@code index} command prints them as the
 * volume root's line (empty path), and a catalog lost with its backups gets them back from the tape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RootMetadataSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private Path work;
    private LibraryPair pair;
    private Path mount;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        this.work = work;
        pair = new LibraryPair("root-metadata", work, Map.of(), Map.of("WRITE_DELAY", "1s"));
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
    void theMountRootsModeOwnerTimesAndXattrsComeBackFromTapeAfterTheCatalogIsLost() throws Exception {
        // the directory first: creating it changes the root's times, writing into it later does not
        Path data = Files.createDirectories(mount.resolve("data"));
        String root = mount.toString();
        Commands.run("chmod", "0750", root).requireSuccess("chmod");
        Commands.run("chown", "1234:567", root).requireSuccess("chown");
        Commands.run("setfattr", "-n", "user.note", "-v", "the library's top", root).requireSuccess("setfattr");
        Commands.run("touch", "-d", "@981173106.123456789", root).requireSuccess("touch");
        String before = rootLine();
        assertThat(before).startsWith("750 1234 567 981173106.1234567890 981173106.1234567890");
        // a migration's index write carries the root's metadata
        MountFiles.writeGenerated(data.resolve("file.bin"), 50_000, 1);
        pair.awaitMigrated("data/file.bin", WAIT);
        assertThat(rootLine()).as("nothing at the mount changed the root meanwhile").isEqualTo(before);
        String tape = pair.xattr("data/file.bin", "tapelib.tapes").split(",")[0].trim();

        pair.gateway.stop();
        try (Stream<Path> files = Files.walk(work.resolve("catalog"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        pair.controller.stop();
        Commands.Result index = pair.controllerCli("index", "--volume-tag", tape);
        assertThat(index.exitCode()).as(index.stderr()).isZero();
        assertThat(index.lines()).as("the volume root: the first entry line, empty path")
                .filteredOn(line -> line.split("\t", -1).length == 14 && line.split("\t", -1)[12].isEmpty())
                .singleElement().satisfies(line -> assertThat(Arrays.copyOfRange(line.split("\t"), 0, 7))
                        .containsExactly("DIRECTORY", "0", "0750", "1234", "567", "981173106.123456789",
                                "981173106.123456789"));
        pair.controller.start();
        pair.gateway.start();

        assertThat(rootLine()).as("the root as it was before the catalog was lost").isEqualTo(before);
        System.out.printf("RootMetadataSystemTest: catalog and backups deleted; the root came back as '%s'%n", before);
    }

    /** The root's mode, owner, access and modification times as find prints them, then its user xattrs. */
    private String rootLine() throws Exception {
        Commands.Result find = Commands.run("find", mount.toString(), "-maxdepth", "0", "-printf", "%m %U %G %A@ %T@");
        find.requireSuccess("find");
        Commands.Result xattrs = Commands.run("getfattr", "--absolute-names", "-d", "-m", "^user\\.note$",
                mount.toString());
        xattrs.requireSuccess("getfattr");
        return find.stdout().trim() + " " + xattrs.stdout().lines().filter(l -> l.startsWith("user."))
                .reduce("", String::concat);
    }
}
