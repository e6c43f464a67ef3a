package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, acceptance 1, through the real jars and a real mount: a cartridge with 30% of its capacity deleted through
 * the mount is reclaimed by itself (RECLAIM_THRESHOLD 0.20 of small virtual cartridges): every live file reads back
 * with its SHA-256 from the new cartridge after the cache is evicted, the old cartridge is formatted and blank, and a
 * catalog rebuilt afterwards lists the same tree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReclaimSystemTest {
    /**
     * Small cartridges, so that a dozen files fill most of one: 100 MiB, of which the virtual drive reports early
     * warning 30 MiB before the end (an HP drive's figure), after which a volume takes no more files.
     */
    private static final long CAPACITY = 100L << 20;
    private static final int FILE_BYTES = 5_500_000;
    private static final int FILES = 12;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private LibraryPair pair;
    private Path mount;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        pair = new LibraryPair("reclaim", work,
                Map.of("TAPELIB_VIRTUAL_CARTRIDGES", "3", "TAPELIB_VIRTUAL_CAPACITY_BYTES", Long.toString(CAPACITY)),
                Map.of("WRITE_DELAY", "1s", "RECLAIM_INTERVAL", "1s")).start();
        mount = pair.mount;
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aCartridgeWithThirtyPercentOfItsBytesDeletedIsReclaimedByItselfAndFormatted() throws Exception {
        Map<String, String> digests = new TreeMap<>();
        for (String directory : List.of("data/a", "data/b", "data/empty")) {
            Files.createDirectories(mount.resolve(directory));
        }
        for (int i = 0; i < FILES; i++) {
            String relative = (i < FILES / 2 ? "data/a/" : "data/b/") + "file-" + i + ".bin";
            digests.put(relative, MountFiles.writeGenerated(mount.resolve(relative), FILE_BYTES + i, i));
        }
        Files.createSymbolicLink(mount.resolve("data/link"), Path.of("a/file-0.bin"));
        for (String relative : digests.keySet()) {
            pair.awaitMigrated(relative, WAIT);
        }
        String old = tapesOf("data/a/file-0.bin").get(0);
        List<String> onOld = digests.keySet().stream().filter(f -> tapesOf(f).contains(old)).toList();
        // before the deletes: the reclaim may start as soon as the last one passes the threshold
        long logOffset = pair.gateway.logSize();
        long deleted = 0;
        for (String relative : onOld) {
            if (deleted >= 0.30 * CAPACITY) {
                break;
            }
            deleted += size(relative);
            Files.delete(mount.resolve(relative));
            digests.remove(relative);
        }
        List<String> before = find();
        long started = System.nanoTime();

        await("the reclaim of " + old + " ends").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> pair.gateway.logSince(logOffset).contains("Reclaim of " + old + " done"));
        double seconds = (System.nanoTime() - started) / 1e9;

        String log = pair.gateway.logSince(logOffset);
        assertThat(log).contains("Reclaim of " + old + " starts");
        assertThat(status().getList("reclaims")).as("no reclaim left running").isEmpty();
        assertThat(find()).as("the tree is as it was").isEqualTo(before);
        pair.evictCache();
        List<String> targets = new ArrayList<>();
        for (Map.Entry<String, String> file : digests.entrySet()) {
            List<String> tapes = tapesOf(file.getKey());
            assertThat(tapes).as(file.getKey()).doesNotContain(old).isNotEmpty();
            targets.addAll(tapes);
            assertThat(directSha256(file.getKey())).as(file.getKey() + " read back from " + tapes)
                    .isEqualTo(file.getValue());
        }
        List<LibraryPair.Job> jobs = pair.jobs();
        assertThat(jobs).as("the old cartridge was formatted")
                .anyMatch(j -> "FORMAT".equals(j.type()) && old.equals(j.volumeTag()) && "SUCCEEDED".equals(j.state()));
        assertThat(jobs).as("the moved files were read from their new cartridge")
                .anyMatch(j -> "RECALL".equals(j.type()) && targets.contains(j.volumeTag()));
        assertThat(pair.dataObjects(old)).as("the old cartridge's data partition holds an empty volume only")
                .isLessThan(onOld.size());

        given().baseUri(pair.gateway.baseUrl()).post("/api/v1/rebuild").then().statusCode(202);
        await("the rebuild ends").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> !status().getBoolean("rebuild.running"));
        assertThat(status().getList("rebuild.failed")).isEmpty();
        assertThat(find()).as("a catalog rebuilt from the tapes lists the same tree").isEqualTo(before);
        pair.evictCache();
        for (Map.Entry<String, String> file : digests.entrySet()) {
            assertThat(directSha256(file.getKey())).as(file.getKey() + " after the rebuild").isEqualTo(file.getValue());
        }
        System.out.printf("ReclaimSystemTest: %s reclaimed in %.1f s (%d of %d files on it deleted, %d bytes);"
                + " %d live files now on %s%n", old, seconds, onOld.size() - digests.keySet().stream()
                .filter(onOld::contains).count(), onOld.size(), deleted, digests.size(),
                targets.stream().distinct().toList());
    }

    private List<String> tapesOf(String relative) {
        return MountFiles.tapes(mount.resolve(relative));
    }

    private long size(String relative) {
        try {
            return Files.size(mount.resolve(relative));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String directSha256(String relative) throws Exception {
        return MountFiles.directSha256(mount.resolve(relative));
    }

    private JsonPath status() {
        return given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then().statusCode(200).extract()
                .jsonPath();
    }

    /** {@code find MOUNT -printf ...}, sorted; directories without size and time (as RebuildSystemTest compares). */
    private List<String> find() throws Exception {
        return Commands.run("find", mount.toString(), "-printf", "%y|%P %y %s %m %U %G %T@ %l|%P %y %m %U %G\\n")
                .requireSuccess("find " + mount).lines().stream()
                .map(line -> line.split("\\|", -1))
                .map(fields -> fields[0].equals("d") ? fields[2] : fields[1])
                .sorted().toList();
    }
}
