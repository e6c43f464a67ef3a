package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, acceptance 5, through the real jars and a real mount: a new virtual library of 8 blank LTO-5 cartridges.
 * {@code df} at the mount shows their usable capacity (each the data partition a format makes: 1.5 TB less the index
 * partition of two of 80 wraps); the gateway's start-up indexing probes each once (8 loads); after a restart of the
 * controller, which keeps what it probed in TAPE_MOUNT_DIR, the first migration loads exactly one cartridge (without
 * that memory it probed every cartridge again: 9 loads).
 */
class BlankCartridgesSystemTest {
    private static final int CARTRIDGES = 8;
    private static final long LTO5_BYTES = 1_500_000_000_000L;
    private static final long DATA_PARTITION = LTO5_BYTES - LTO5_BYTES * 2 / 80;

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void dfShowsTheBlankCartridgesAndTheFirstMigrationAfterARestartLoadsOne() throws Exception {
        pair = new LibraryPair("blank-cartridges", work, Map.of(), Map.of("WRITE_DELAY", "1s"));
        pair.start();
        // start-up indexing probes each blank cartridge once
        org.awaitility.Awaitility.await("start-up indexing").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> totalLoads() >= CARTRIDGES
                        && pair.jobs().stream().noneMatch(LibraryPair.Job::running));
        assertThat(totalLoads()).isEqualTo(CARTRIDGES);

        long[] df = df();
        assertThat((double) df[0]).as("df size: %d cartridges' data partitions", CARTRIDGES)
                .isCloseTo((double) CARTRIDGES * DATA_PARTITION, org.assertj.core.data.Percentage.withPercentage(0.001));
        assertThat(df[1]).as("df available").isPositive().isLessThanOrEqualTo(df[0]);

        pair.emptyDrive();
        pair.controller.stop();
        pair.controller.start();
        assertThat(totalLoads()).as("a restarted controller loads nothing by itself").isZero();

        Files.writeString(pair.mount.resolve("first.txt"), "the first file of a new library\n");
        pair.awaitMigrated("first.txt", Duration.ofSeconds(90));

        assertThat(totalLoads()).as("the first migration's target chosen from what was probed before the restart")
                .isEqualTo(1);
        assertThat(work.resolve("spool").resolve("known-volumes.json")).isRegularFile();
    }

    /** {@code df -B1} of the mount: size and available bytes. */
    private long[] df() throws Exception {
        Commands.Result result = Commands.run("df", "-B1", "--output=size,avail", pair.mount.toString())
                .requireSuccess("df");
        List<String> lines = result.lines();
        String[] fields = lines.get(lines.size() - 1).trim().split("\\s+");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }

    /** Cartridge loads since the controller started, from its Prometheus metrics. */
    private int totalLoads() {
        String metrics = given().baseUri(pair.controller.baseUrl()).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Matcher m = Pattern.compile("(?m)^tapelib_cartridge_loads_total\\{[^}]*\\} ([0-9.]+)$").matcher(metrics);
        int loads = 0;
        while (m.find()) {
            loads += (int) Double.parseDouble(m.group(1));
        }
        return loads;
    }
}
