package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, acceptance 2, through the real jars: a library with two drives reads two cartridges at once. One bulk
 * recall asks for the files of both; the controller's jobs view shows their RECALL jobs running on different drives
 * at the same time: each job's running time (started to finished, as the view records them) overlaps the other's.
 * The virtual library sleeps {@value #TIME_SCALE} of the hardware's time, so that a recall (robot move, load,
 * locate) lasts long enough for two to overlap only when they run at once. The times are read once both are done:
 * polling for both RUNNING at one instant missed them on a loaded machine (session 9), although they overlapped.
 */
class ParallelRecallSystemTest {
    private static final String TIME_SCALE = "0.02";
    private static final List<String> TAPES = List.of("TL0001L5", "TL0002L5");
    private static final int FILES_PER_TAPE = 5;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    /** A job of the controller with its drive and times, as GET /api/v1/jobs shows it. */
    private record Job(long id, String type, String state, String volumeTag, int drive, Instant started, Instant finished) {
        boolean overlaps(Job other) {
            return started.isBefore(other.finished) && other.started.isBefore(finished);
        }
    }

    @Test
    void twoCartridgesAreReadOnTwoDrivesAtTheSameTime() throws Exception {
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, String> twoDrives = Map.of("TAPELIB_VIRTUAL_DRIVES", "2", "TAPELIB_VIRTUAL_CARTRIDGES", "2");
        // the import runs without the timing model's sleeps; the service then runs with them
        LibraryPair importer = new LibraryPair("parallel-recall-import", work, twoDrives, Map.of());
        // one import spreads the tree over both tapes by bytes, a directory at a time: equal directories, one each
        for (int t = 0; t < TAPES.size(); t++) {
            Path dir = Files.createDirectories(work.resolve("source").resolve("t" + t));
            for (int f = 0; f < FILES_PER_TAPE; f++) {
                digests.put("t" + t + "/f" + f + ".bin", MountFiles.writeGenerated(dir.resolve("f" + f + ".bin"),
                        20_000 + f, 10L * t + f));
            }
        }
        importer.importTree(work.resolve("source"), String.join(",", TAPES));
        Map<String, String> scaled = new LinkedHashMap<>(twoDrives);
        scaled.put("TAPELIB_VIRTUAL_TIME_SCALE", TIME_SCALE);
        pair = new LibraryPair("parallel-recall", work, scaled, Map.of("WRITE_DELAY", "1h"));
        pair.start();
        unloadBothDrives();
        long lastJob = jobs().stream().mapToLong(Job::id).max().orElse(0);

        given().baseUri(pair.gateway.baseUrl()).contentType(ContentType.JSON)
                .body(digests.keySet().stream().map(p -> "\"/" + p + "\"")
                        .collect(Collectors.joining(", ", "{\"paths\": [", "]}")))
                .post("/api/v1/recall").then().statusCode(202);

        for (String file : digests.keySet()) {
            pair.awaitCached(file, WAIT);
        }
        // a job's end is recorded just after its last block reached the gateway
        List<Job> recalls = await("the RECALL jobs finished").atMost(WAIT).until(
                () -> jobs().stream().filter(j -> j.id() > lastJob && "RECALL".equals(j.type())).toList(),
                found -> !found.isEmpty() && found.stream().allMatch(j -> !Instant.MAX.equals(j.finished())));
        assertThat(recalls).as("one RECALL job per cartridge").hasSize(2)
                .allSatisfy(job -> assertThat(job.state()).isEqualTo("SUCCEEDED"));
        assertThat(recalls).extracting(Job::volumeTag).containsExactlyInAnyOrderElementsOf(TAPES);
        assertThat(recalls).extracting(Job::drive).as("one drive each").doesNotHaveDuplicates();
        assertThat(recalls.get(0).overlaps(recalls.get(1))).as("started/finished overlap: %s", recalls).isTrue();
        for (Map.Entry<String, String> file : digests.entrySet()) {
            assertThat(MountFiles.sha256(pair.mount.resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
    }

    private void unloadBothDrives() {
        List<Map<String, Object>> drives = given().baseUri(pair.controller.baseUrl()).get("/api/v1/library")
                .then().statusCode(200).extract().jsonPath().getList("drives");
        assertThat(drives).hasSize(2);
        for (Map<String, Object> drive : drives) {
            if (Boolean.TRUE.equals(drive.get("full"))) {
                given().baseUri(pair.controller.baseUrl()).post("/api/v1/drives/" + drive.get("number") + "/unload")
                        .then().statusCode(200);
            }
        }
    }

    private List<Job> jobs() {
        List<Map<String, Object>> jobs = given().baseUri(pair.controller.baseUrl()).get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return jobs.stream().map(j -> new Job(((Number) j.get("id")).longValue(), (String) j.get("type"),
                (String) j.get("state"), (String) j.get("volumeTag"), ((Number) j.get("drive")).intValue(),
                instant(j.get("started")), instant(j.get("finished")))).toList();
    }

    private static Instant instant(Object value) {
        return value == null ? Instant.MAX : Instant.parse((String) value);
    }
}
