package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, acceptance 6, through the real jars: a virtual drive that asks for cleaning gets the cleaning cartridge
 * between two jobs, and the data job after it succeeds. The drives ask after 20 s of simulated tape motion: the
 * gateway's start-up index reads of the two blank cartridges (a load, then an exchange) pass that.
 */
class CleaningSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String CLEANER = "CLN001L1";

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void aDriveAskingForCleaningIsCleanedBetweenTwoJobsAndTheDataJobAfterItSucceeds() throws Exception {
        pair = new LibraryPair("cleaning", work,
                Map.of("TAPELIB_VIRTUAL_CLEANING_INTERVAL", "20s", "TAPELIB_VIRTUAL_CARTRIDGES", "2"),
                Map.of("WRITE_DELAY", "1s")).start();
        String digest = MountFiles.writeGenerated(pair.mount.resolve("a.bin"), 3_000_000, 7);
        pair.awaitMigrated("a.bin", WAIT);
        pair.evictCache();
        assertThat(MountFiles.sha256(pair.mount.resolve("a.bin"))).as("read back from tape").isEqualTo(digest);

        List<LibraryPair.Job> jobs = pair.jobs().stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
        LibraryPair.Job clean = jobs.stream().filter(j -> "CLEAN".equals(j.type())).findFirst()
                .orElseThrow(() -> new AssertionError("no CLEAN job in " + jobs));
        assertThat(clean.state()).isEqualTo("SUCCEEDED");
        assertThat(clean.volumeTag()).isEqualTo(CLEANER);
        assertThat(jobs).as("a data job after the cleaning, and it succeeded")
                .anySatisfy(job -> {
                    assertThat(job.id()).isGreaterThan(clean.id());
                    assertThat(job.type()).isIn("MIGRATE", "RECALL", "INDEX");
                    assertThat(job.state()).isEqualTo("SUCCEEDED");
                });
        assertThat(pair.controllerLog()).contains("drive 0 asks for cleaning", "drive 0 cleaned with " + CLEANER);

        Map<String, Object> slot = given().baseUri(pair.controller.baseUrl()).get("/api/v1/library").then()
                .statusCode(200).extract().jsonPath().getMap("storageSlots.find { it.volumeTag == '" + CLEANER + "' }");
        assertThat(slot).as("the cleaning cartridge is back in a storage slot").isNotNull();
        assertThat((Integer) slot.get("cleaningUses")).isGreaterThanOrEqualTo(1);
        assertThat(slot.get("cleaningExpired")).isEqualTo(false);
    }
}
