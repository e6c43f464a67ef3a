package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, the mount's long attribute cache (30 s) against hard links, through the real jars and a real mount: after
 * every change made through one name of a hard-linked file ({@code ln}, {@code rm}, {@code chmod}, an append, {@code
 * truncate}, {@code mv} onto a name), {@code stat} of every name answers at once what the change made: one link count,
 * size, mode and ctime for all. libfuse 2 gives each name its own kernel inode, so without the gateway telling the
 * kernel, the names the change did not go through keep their cached attributes for 30 s. Each name is stat'ed before
 * each change, so that the kernel holds its attributes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardLinkAttributesSystemTest {
    private LibraryPair pair;
    private Path mount;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        pair = new LibraryPair("hard-link-attributes", work, Map.of(), Map.of("WRITE_DELAY", "1h"));
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
    void everyNameShowsTheChangeMadeThroughAnotherAtOnce() throws Exception {
        Path a = Files.createDirectories(mount.resolve("a"));
        Path b = Files.createDirectories(mount.resolve("b"));
        Path f = a.resolve("f");
        Path g = b.resolve("g");
        Path h = a.resolve("h");
        Files.write(f, new byte[1000]);
        run("ln", f, g);
        assertNames(2, f, g);

        run("ln", g, h);
        assertNames(3, f, g, h);

        run("rm", h);
        assertNames(2, f, g);

        run("chmod", "0604", g);
        assertThat(stat(f)).as("the mode through the other name").contains(" 604 ");
        assertNames(2, f, g);

        Files.write(f, new byte[500], StandardOpenOption.APPEND);
        assertThat(stat(g)).as("the size through the other name").contains(" 1500 ");
        assertNames(2, f, g);

        run("truncate", "-s", "100", g);
        assertThat(stat(f)).contains(" 100 ");
        assertNames(2, f, g);

        Path other = b.resolve("other");
        Files.write(other, new byte[7]);
        run("ln", f, h);
        assertNames(3, f, g, h);
        run("mv", other, g);
        assertNames(2, f, h);
        assertThat(stat(g)).as("g is the moved file now").startsWith("1 7 ");
    }

    /**
     * Stats every name: one link count, size, mode and ctime for all, the count {@code links}. Stats them once more
     * afterwards, so that the kernel holds every name's attributes before the next change.
     */
    private void assertNames(int links, Path... names) throws Exception {
        List<String> seen = new ArrayList<>();
        for (Path name : names) {
            seen.add(stat(name));
        }
        System.out.printf("HardLinkAttributesSystemTest: %s%n", seen);
        assertThat(seen).as("stat of every name").allSatisfy(line -> assertThat(line).isEqualTo(seen.get(0)));
        assertThat(seen.get(0)).as("the link count").startsWith(links + " ");
    }

    /** {@code stat}'s link count, size, mode and ctime (nanoseconds) of a name. */
    private static String stat(Path name) throws Exception {
        return Commands.run("stat", "-c", "%h %s %a %z", name.toString()).requireSuccess("stat " + name).stdout().trim();
    }

    private static void run(Object... command) throws Exception {
        String[] words = new String[command.length];
        for (int i = 0; i < command.length; i++) {
            words[i] = command[i].toString();
        }
        Commands.run(words).requireSuccess(String.join(" ", words));
    }
}
