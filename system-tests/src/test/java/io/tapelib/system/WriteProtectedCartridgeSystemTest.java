package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cartridge whose write-protect tab a site sets, through the real jars: the gateway learns the tab at the next load
 * ({@code GET /tapes} says "write protected"), never reclaims it, whatever its dead bytes (automatically or by
 * {@code POST /tapes/{tag}/reclaim}, 409), and still recalls its files. With the tab cleared and the cartridge loaded
 * again, the reclaim that was due runs by itself. The tab is the virtual cartridge's {@code writeProtected} in its
 * {@code cartridge.json}, changed while the cartridge is in its slot, as a tab is slid on a cartridge out of a drive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteProtectedCartridgeSystemTest {
    /** Small cartridges (as ReclaimSystemTest's), so that deleting a few files passes RECLAIM_THRESHOLD (0.20). */
    private static final long CAPACITY = 100L << 20;
    private static final int FILE_BYTES = 5_500_000;
    private static final int FILES = 8;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private LibraryPair pair;
    private Path mount;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        pair = new LibraryPair("write-protected", work,
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
    void aWriteProtectedCartridgeIsNeverReclaimedAndItsFilesStayReadable() throws Exception {
        Files.createDirectories(mount.resolve("data"));
        Map<String, String> digests = new TreeMap<>();
        for (int i = 0; i < FILES; i++) {
            String relative = "data/file-" + i + ".bin";
            digests.put(relative, MountFiles.writeGenerated(mount.resolve(relative), FILE_BYTES + i, i));
        }
        for (String relative : digests.keySet()) {
            pair.awaitMigrated(relative, WAIT);
        }
        String tape = tapesOf("data/file-0.bin").get(0);

        long logOffset = pair.gateway.logSize();
        setTab(tape, true);
        await("the gateway learns the tab at the load").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> pair.gateway.logSince(logOffset).contains(tape + " was loaded with its write-protect tab set"));
        assertThat(tapeView(tape).getString("readOnlyReason")).isEqualTo("write protected");

        List<String> onTape = digests.keySet().stream().filter(f -> tapesOf(f).contains(tape)).toList();
        long deleted = 0;
        for (String relative : onTape) {
            if (deleted >= 0.30 * CAPACITY) {
                break;
            }
            deleted += Files.size(mount.resolve(relative));
            Files.delete(mount.resolve(relative));
            digests.remove(relative);
        }
        assertThat(deleted).as("enough of the cartridge deleted to pass RECLAIM_THRESHOLD").isGreaterThan(CAPACITY / 5);
        await("the catalog counts the deleted bytes as dead").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> tapeView(tape).getLong("deadBytes") > CAPACITY / 5);

        assertThat(given().baseUri(pair.gateway.baseUrl()).post("/api/v1/tapes/" + tape + "/reclaim")
                .then().statusCode(409).extract().asString()).as("the refusal's reason").contains("write protected");
        // RECLAIM_INTERVAL is 1 s: four passes of the reclaim loop see the cartridge due, and none starts a reclaim
        await("no reclaim of the write-protected cartridge").during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                .until(() -> noReclaimOf(tape));

        pair.evictCache();
        for (Map.Entry<String, String> file : digests.entrySet()) {
            assertThat(directSha256(file.getKey())).as(file.getKey() + " recalled").isEqualTo(file.getValue());
        }

        long clearedOffset = pair.gateway.logSize();
        setTab(tape, false);
        await("the reclaim that was due runs once the tab is cleared").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> pair.gateway.logSince(clearedOffset).contains("Reclaim of " + tape + " done"));
        assertThat(pair.gateway.logSince(clearedOffset)).contains(tape + " was loaded with its write-protect tab cleared");
        pair.evictCache();
        for (Map.Entry<String, String> file : digests.entrySet()) {
            assertThat(tapesOf(file.getKey())).as(file.getKey()).doesNotContain(tape);
            assertThat(directSha256(file.getKey())).as(file.getKey() + " after the reclaim").isEqualTo(file.getValue());
        }
        System.out.printf("WriteProtectedCartridgeSystemTest: %s held %d files; %d bytes deleted, no reclaim while its"
                + " tab was set; reclaimed once cleared, %d live files read back%n", tape, onTape.size(), deleted,
                digests.size());
    }

    /** Takes the cartridge out of the drive, sets or clears its tab in its slot, and loads it again. */
    private void setTab(String tape, boolean writeProtected) throws Exception {
        pair.emptyDrive();
        Path metadata = pair.cartridges.resolve(tape).resolve("cartridge.json");
        String json = Files.readString(metadata);
        String changed = json.replaceFirst("\"writeProtected\"\\s*:\\s*" + !writeProtected,
                "\"writeProtected\" : " + writeProtected);
        assertThat(changed).as("the tab in " + metadata).isNotEqualTo(json);
        Files.writeString(metadata, changed);
        given().baseUri(pair.gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of("volumeTag", tape))
                .post("/api/v1/drives/0/load").then().statusCode(200);
    }

    private boolean noReclaimOf(String tape) {
        return given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then().statusCode(200).extract()
                .jsonPath().getList("reclaims").isEmpty()
                && pair.jobs().stream().noneMatch(j -> "RECLAIM".equals(j.type()) && tape.equals(j.volumeTag()));
    }

    private JsonPath tapeView(String tape) {
        return given().baseUri(pair.gateway.baseUrl()).get("/api/v1/tapes/" + tape).then().statusCode(200).extract()
                .jsonPath();
    }

    private List<String> tapesOf(String relative) {
        return MountFiles.tapes(mount.resolve(relative));
    }

    private String directSha256(String relative) throws Exception {
        return MountFiles.directSha256(mount.resolve(relative));
    }
}
