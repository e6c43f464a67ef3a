package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "Migration on several drives", through the real jars and a real mount on a library of two drives: two
 * directories written at the mount migrate at once, each in a MIGRATE job of its own on its own drive (the jobs
 * overlap in time in the controller's job list), each directory's files all on one cartridge, and the content
 * comes back equal after an evict and a recall.
 *
 * <p>The files are written while the controller is stopped, so that one write-back round finds both directories due
 * (a round that found only the first would migrate it alone). The library's time scale is small but not 0, so that
 * each job takes the drive for a load and a format as a real one would, and overlapping jobs overlap honestly.
 */
class ParallelMigrationSystemTest {
    private static final Duration WRITE_DELAY = Duration.ofSeconds(1);
    private static final List<String> DIRECTORIES = List.of("alpha", "beta");
    private static final int FILES_PER_DIRECTORY = 6;
    private static final long FILE_BYTES = 2L * 1024 * 1024;

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    /** A MIGRATE job as GET /api/v1/jobs shows it. */
    private record MigrateJob(long id, int drive, String volumeTag, Instant started, Instant finished) {
        boolean overlaps(MigrateJob other) {
            return started.isBefore(other.finished) && other.started.isBefore(finished);
        }
    }

    @Test
    void twoDirectoriesMigrateAtOnceOnTwoDrivesEachToOneCartridge() throws Exception {
        pair = new LibraryPair("parallel-migration", work,
                Map.of("TAPELIB_VIRTUAL_DRIVES", "2", "TAPELIB_VIRTUAL_CARTRIDGES", "2",
                        "TAPELIB_VIRTUAL_TIME_SCALE", "0.01"),
                Map.of("WRITE_DELAY", WRITE_DELAY.toSeconds() + "s", "MIGRATION_SPLIT_BYTES", "0")).start();
        pair.controller.stop();
        long logOffset = pair.gateway.logSize();

        Map<String, String> digests = new TreeMap<>();
        for (String directory : DIRECTORIES) {
            Files.createDirectories(pair.mount.resolve(directory));
        }
        for (int i = 0; i < FILES_PER_DIRECTORY; i++) {
            for (String directory : DIRECTORIES) {
                String relative = directory + "/file-" + i + ".bin";
                digests.put(relative, MountFiles.writeGenerated(pair.mount.resolve(relative), FILE_BYTES + i,
                        digests.size()));
            }
        }
        await("a write-back round finds the files due while the controller is away").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> pair.gateway.logSince(logOffset).contains("Write-back waits for the controller"));
        pair.controller.start();

        for (String relative : digests.keySet()) {
            pair.awaitMigrated(relative, Duration.ofSeconds(60));
        }

        List<MigrateJob> jobs = migrateJobs();
        assertThat(jobs).as("one MIGRATE job per directory: %s", jobs).hasSize(2);
        assertThat(jobs.get(0).drive()).as("%s", jobs).isNotEqualTo(jobs.get(1).drive());
        assertThat(jobs.get(0).overlaps(jobs.get(1))).as("the jobs run at the same time: %s", jobs).isTrue();
        Map<String, String> tapeOfDirectory = new TreeMap<>();
        for (String directory : DIRECTORIES) {
            List<String> tapes = digests.keySet().stream().filter(path -> path.startsWith(directory + "/"))
                    .map(path -> pair.xattr(path, "tapelib.tapes")).distinct().toList();
            assertThat(tapes).as("the cartridges of %s's files", directory).hasSize(1);
            assertThat(tapes.get(0)).as("one cartridge each").doesNotContain(",");
            tapeOfDirectory.put(directory, tapes.get(0));
        }
        assertThat(tapeOfDirectory.get("alpha")).isNotEqualTo(tapeOfDirectory.get("beta"));
        assertThat(jobs.stream().map(MigrateJob::volumeTag).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(tapeOfDirectory.values());

        pair.evictCache();
        for (Map.Entry<String, String> file : digests.entrySet()) {
            assertThat(pair.xattr(file.getKey(), "tapelib.state")).as(file.getKey()).isEqualTo("offline");
            assertThat(MountFiles.sha256(pair.mount.resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        System.out.printf("ParallelMigrationSystemTest: %s on drives %s, overlapping; %s%n",
                jobs.stream().map(job -> job.volumeTag() + " " + Duration.between(job.started(), job.finished()).toMillis()
                        + " ms").toList(), jobs.stream().map(MigrateJob::drive).toList(), tapeOfDirectory);
    }

    /** The controller's MIGRATE jobs (since its restart), oldest first. */
    private List<MigrateJob> migrateJobs() {
        List<Map<String, Object>> all = given().baseUri(pair.controller.baseUrl()).get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath().getList("$");
        List<MigrateJob> jobs = new ArrayList<>();
        for (Map<String, Object> job : all) {
            if ("MIGRATE".equals(job.get("type"))) {
                assertThat(job.get("state")).as("%s", job).isEqualTo("SUCCEEDED");
                jobs.add(new MigrateJob(((Number) job.get("id")).longValue(), ((Number) job.get("drive")).intValue(),
                        (String) job.get("volumeTag"), instant(job.get("started")), instant(job.get("finished"))));
            }
        }
        java.util.Collections.reverse(jobs);
        return jobs;
    }

    private static Instant instant(Object value) {
        if (value instanceof Number seconds) {
            return Instant.ofEpochMilli(Math.round(seconds.doubleValue() * 1000));
        }
        return Instant.parse((String) value);
    }
}
