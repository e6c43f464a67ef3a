package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, acceptance 2 in part, through the real jars: a reclaim (two files per batch, RECLAIM_BATCH_BYTES; one
 * drive, so each batch goes through the controller's staging area) survives a SIGKILL of the gateway after its first
 * batch and a SIGKILL of the controller during a RECLAIM job; a recall issued while the reclaim is not done is served
 * before it ends; afterwards every live file reads back with its SHA-256 and the old cartridge is formatted. Not
 * covered here: the other kill points of acceptance 2 (10 of the controller, 3 of the gateway).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReclaimKillSystemTest {
    private static final long CAPACITY = 100L << 20;
    private static final int FILE_BYTES = 5_500_000;
    private static final int FILES = 12;
    private static final Duration WAIT = Duration.ofSeconds(180);

    private LibraryPair pair;
    private Path mount;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        pair = new LibraryPair("reclaim-kill", work,
                Map.of("TAPELIB_VIRTUAL_CARTRIDGES", "3", "TAPELIB_VIRTUAL_CAPACITY_BYTES", Long.toString(CAPACITY),
                        "TAPELIB_VIRTUAL_TIME_SCALE", "0.004"),
                Map.of("WRITE_DELAY", "1s", "RECLAIM_INTERVAL", "1s", "RECLAIM_BATCH_BYTES", "12000000")).start();
        mount = pair.mount;
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aReclaimGoesOnAfterTheGatewayAndTheControllerAreKilledAndLetsARecallThrough() throws Exception {
        Map<String, String> digests = new TreeMap<>();
        Files.createDirectories(mount.resolve("data"));
        for (int i = 0; i < FILES; i++) {
            String relative = "data/file-" + i + ".bin";
            digests.put(relative, MountFiles.writeGenerated(mount.resolve(relative), FILE_BYTES + i, 100 + i));
        }
        for (String relative : digests.keySet()) {
            pair.awaitMigrated(relative, WAIT);
        }
        String old = tapesOf("data/file-0.bin").get(0);
        List<String> onOld = digests.keySet().stream().filter(f -> tapesOf(f).contains(old)).toList();
        long deleted = 0;
        for (String relative : onOld) {
            if (deleted >= 0.30 * CAPACITY) {
                break;
            }
            deleted += Files.size(mount.resolve(relative));
            Files.delete(mount.resolve(relative));
            digests.remove(relative);
        }
        long offset = pair.gateway.logSize();

        await("the first batch of " + old).atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> pair.gateway.logSince(offset).contains("Reclaim of " + old + ": batch of"));
        pair.gateway.kill();
        long restarted = pair.gateway.logSize();
        pair.gateway.start();
        await("the reclaim taken up again").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> pair.gateway.logSince(restarted).contains("Reclaim of " + old + " goes on"));

        LibraryPair.Job reclaim = await("a RECLAIM job runs").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> pair.running("RECLAIM").orElse(null), java.util.Objects::nonNull);
        pair.controller.kill();
        pair.controller.start();

        String recalled = digests.keySet().iterator().next();
        pair.evictCache();
        String sha = directSha256(recalled);
        boolean reclaimDoneBeforeRecall = pair.gateway.logSince(restarted).contains("Reclaim of " + old + " done");
        assertThat(sha).as(recalled + " recalled during the reclaim").isEqualTo(digests.get(recalled));
        assertThat(reclaimDoneBeforeRecall).as("the recall was served before the reclaim ended").isFalse();

        await("the reclaim of " + old + " ends").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> pair.gateway.logSince(restarted).contains("Reclaim of " + old + " done"));
        pair.evictCache();
        List<String> targets = new ArrayList<>();
        for (Map.Entry<String, String> file : digests.entrySet()) {
            List<String> tapes = tapesOf(file.getKey());
            assertThat(tapes).as(file.getKey()).doesNotContain(old).isNotEmpty();
            targets.addAll(tapes);
            assertThat(directSha256(file.getKey())).as(file.getKey()).isEqualTo(file.getValue());
        }
        assertThat(pair.jobs()).anyMatch(j -> "FORMAT".equals(j.type()) && old.equals(j.volumeTag())
                && "SUCCEEDED".equals(j.state()));
        assertThat(given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then().statusCode(200).extract()
                .jsonPath().getList("reclaims")).isEmpty();
        System.out.printf("ReclaimKillSystemTest: %s reclaimed to %s through a gateway kill after its first batch and a"
                + " controller kill during RECLAIM job %d; %s recalled meanwhile%n", old,
                targets.stream().distinct().toList(), reclaim.id(), recalled);
    }

    private List<String> tapesOf(String relative) {
        String tapes = pair.xattr(relative, "tapelib.tapes");
        return tapes.isBlank() ? List.of() : Arrays.stream(tapes.split(",")).map(String::trim).toList();
    }

    private String directSha256(String relative) throws Exception {
        return Commands.run("sh", "-c", "dd if='" + mount.resolve(relative) + "' iflag=direct bs=1M status=none"
                + " | sha256sum").requireSuccess("dd " + relative).stdout().split(" ")[0];
    }
}
