package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThan;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, acceptance 3, through the real jars and a real mount: a cartridge exported through the controller's mail
 * slot keeps its files listed as {@code shelved}; {@code sha256sum} of them raises one import request naming the
 * volume tag (log, status, metric) and waits while the cartridge is out of the library ({@code eject}); putting it
 * back ({@code insert}) and importing it lets the waiting reads complete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShelvedCartridgeSystemTest {
    private static final String TAPE = "TL0001L5";
    private static final Duration RECALL_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    @AutoClose
    private LibraryPair pair;
    private String firstSha256;
    private String secondSha256;

    @BeforeAll
    void start() throws Exception {
        pair = new LibraryPair("shelved-cartridge", work, Map.of(),
                Map.of("RECALL_TIMEOUT", RECALL_TIMEOUT.toSeconds() + "s"));
        Path source = Files.createDirectories(work.resolve("source").resolve("archive"));
        firstSha256 = MountFiles.writeGenerated(source.resolve("first.bin"), 3L * 1024 * 1024, 13);
        secondSha256 = MountFiles.writeGenerated(source.resolve("second.bin"), 512L * 1024, 14);
        pair.importTree(source.getParent(), TAPE);
        pair.start();
    }

    @Test
    void anExportedCartridgesFilesAreShelvedAndAReadWaitsForItsImport() throws Exception {
        Path first = pair.mount.resolve("archive/first.bin");
        Path second = pair.mount.resolve("archive/second.bin");
        assertThat(pair.xattr("archive/first.bin", "tapelib.state")).isEqualTo("offline");
        pair.emptyDrive();   // start-up indexing left the cartridge in the drive; a cartridge in a drive is not exported

        given().baseUri(pair.controller.baseUrl()).post("/api/v1/tapes/" + TAPE + "/export")
                .then().statusCode(lessThan(300));

        await("the gateway sees " + TAPE + " shelved").atMost(STEP).pollInterval(Duration.ofMillis(200))
                .until(() -> "shelved".equals(pair.xattr("archive/first.bin", "tapelib.state")));
        assertThat(pair.xattr("archive/second.bin", "tapelib.state")).isEqualTo("shelved");
        assertThat(Commands.listing(pair.mount)).as("the files stay listed")
                .anyMatch(line -> line.startsWith("archive/first.bin 3145728 "))
                .anyMatch(line -> line.startsWith("archive/second.bin 524288 "));
        assertThat(Files.size(first)).isEqualTo(3L * 1024 * 1024);
        // the operator takes it out of the mail slot and puts it on a shelf
        Path shelf = work.resolve("shelf").resolve(TAPE);
        Commands.Result ejected = pair.controllerCliBesideService("eject", "--volume-tag", TAPE, "--to", shelf.toString());
        assertThat(ejected.exitCode()).as(ejected.stderr()).isZero();
        assertThat(pair.cartridgeTags()).doesNotContain(TAPE);

        long logOffset = pair.gateway.logSize();
        CompletableFuture<Commands.Result> readFirst = sha256sum(first);
        CompletableFuture<Commands.Result> readSecond = sha256sum(second);
        await("an import request for both files").atMost(STEP).pollInterval(Duration.ofMillis(200))
                .until(() -> importRequestFiles() == 2);
        JsonPath status = status();
        assertThat(status.getString("importRequests[0].volumeTag")).isEqualTo(TAPE);
        assertThat(status.getString("importRequests[0].since")).isNotBlank();
        String log = pair.gateway.logSince(logOffset);
        assertThat(log.lines().filter(line -> line.contains("Import request:"))).as("one log line for the cartridge")
                .singleElement().asString().contains(TAPE).containsAnyOf("/archive/first.bin", "/archive/second.bin");
        assertThat(metrics()).contains("tapelib_import_requests 1.0");
        assertThat(readFirst).as("the read waits for the cartridge").isNotDone();

        // ... and brings it back: into a mail slot (its volume tag read from the cartridge memory), then imported
        Commands.Result inserted = pair.controllerCliBesideService("insert", "--cartridge", shelf.toString());
        assertThat(inserted.exitCode()).as(inserted.stderr()).isZero();
        given().baseUri(pair.controller.baseUrl()).post("/api/v1/import").then().statusCode(lessThan(300));

        Commands.Result firstRead = readFirst.get(STEP.toSeconds(), TimeUnit.SECONDS);
        Commands.Result secondRead = readSecond.get(STEP.toSeconds(), TimeUnit.SECONDS);
        assertThat(firstRead.requireSuccess("sha256sum first.bin").stdout()).startsWith(firstSha256 + " ");
        assertThat(secondRead.requireSuccess("sha256sum second.bin").stdout()).startsWith(secondSha256 + " ");
        assertThat(status().getList("importRequests")).isEmpty();
        assertThat(metrics()).contains("tapelib_import_requests 0.0");
        assertThat(pair.xattr("archive/first.bin", "tapelib.state")).isEqualTo("cached");
        assertThat(pair.gateway.logSince(logOffset).lines().filter(line -> line.contains("Import request:")).count())
                .as("still one log line for the cartridge").isEqualTo(1);
    }

    private CompletableFuture<Commands.Result> sha256sum(Path file) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Commands.run(null, RECALL_TIMEOUT.toSeconds() + 60, "sha256sum", file.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private int importRequestFiles() {
        Integer files = status().get("importRequests.find { it.volumeTag == '" + TAPE + "' }.files");
        return files == null ? 0 : files;
    }

    private JsonPath status() {
        return given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }

    private String metrics() {
        return given().baseUri(pair.gateway.baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
