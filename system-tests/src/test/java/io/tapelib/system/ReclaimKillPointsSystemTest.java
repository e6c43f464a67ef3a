package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, acceptance 2, through the real jars: a reclaim of 16 live files in one-file batches (one drive, so each
 * goes through the controller's staging area) survives the controller SIGKILLed at 10 points and the gateway at 3.
 * The controller dies while a RECLAIM job runs, at a point that moves through the job's bytes (reading the source into
 * staging, the exchange, writing the target, its index) from one kill to the next, and once while the emptied source
 * is being formatted when the reclaim gets that far; the gateway dies right after a batch's switch was logged, while a
 * batch is in the controller's hands, and once more after a controller restart. A reader's recall in the middle is
 * served before the reclaim ends. Afterwards every live file reads back with its SHA-256 from another cartridge and
 * the old one was formatted.
 */
class ReclaimKillPointsSystemTest {
    private static final long CAPACITY = 100L << 20;
    private static final int FILE_BYTES = 3_000_000;
    private static final int FILES = 24;
    private static final int DELETED = 8;
    private static final int CONTROLLER_KILLS = 10;
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void aReclaimCompletesThroughTenControllerAndThreeGatewayKills() throws Exception {
        pair = new LibraryPair("reclaim-kill-points", work,
                Map.of("TAPELIB_VIRTUAL_CARTRIDGES", "3", "TAPELIB_VIRTUAL_CAPACITY_BYTES", Long.toString(CAPACITY),
                        "TAPELIB_VIRTUAL_TIME_SCALE", "0.002"),
                Map.of("WRITE_DELAY", "1s", "RECLAIM_INTERVAL", "1s", "RECLAIM_BATCH_BYTES", "3100000"));
        // all of them on one cartridge: written there by the controller's import before the pair starts
        Map<String, String> digests = new TreeMap<>();
        Path source = Files.createDirectories(work.resolve("source").resolve("data"));
        for (int i = 0; i < FILES; i++) {
            String name = String.format("file-%02d.bin", i);
            digests.put("data/" + name, MountFiles.writeGenerated(source.resolve(name), FILE_BYTES + i, 500 + i));
        }
        pair.importTree(source.getParent(), "TL0001L5");
        pair.start();
        Path mount = pair.mount;
        String old = "TL0001L5";
        List<String> onOld = digests.keySet().stream().filter(f -> tapesOf(f).contains(old)).toList();
        assertThat(onOld).as("the files share one cartridge").hasSize(FILES);
        for (String relative : onOld.subList(0, DELETED)) {
            Files.delete(mount.resolve(relative));
            digests.remove(relative);
        }
        long start = pair.gateway.logSize();

        Set<Long> killedJobs = new HashSet<>();
        int controllerKills = 0;
        int gatewayKills = 0;
        while (controllerKills < CONTROLLER_KILLS && !reclaimDone(old, start)) {
            Optional<LibraryPair.Job> running = await("a RECLAIM or FORMAT job of the reclaim").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> reclaimDone(old, start) ? Optional.<LibraryPair.Job>empty()
                            : pair.jobs().stream().filter(j -> ("RECLAIM".equals(j.type()) || "FORMAT".equals(j.type()))
                                    && "RUNNING".equals(j.state()) && !killedJobs.contains(j.id())).findFirst(),
                            found -> found.isPresent() || reclaimDone(old, start));
            if (running.isEmpty()) {
                break;
            }
            long job = running.get().id();
            killedJobs.add(job);
            // a different moment of the job each time: at once, then further into its bytes (or at its end)
            long bytesInto = 512L * 1024 * (controllerKills % 6);
            await("job " + job + " " + bytesInto + " bytes in").atMost(WAIT).pollInterval(Duration.ofMillis(2))
                    .until(() -> pair.jobs().stream().filter(j -> j.id() == job).findFirst()
                            .map(j -> j.bytes() >= bytesInto || !"RUNNING".equals(j.state())).orElse(true));
            pair.controller.kill();
            controllerKills++;
            pair.controller.start();
            killedJobs.clear(); // a new controller process numbers its jobs from 1 again
            if (controllerKills == 3) {
                // the gateway, right after it logged a batch's switch
                long offset = pair.gateway.logSize();
                await("a batch switched").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                        .until(() -> pair.gateway.logSince(offset).contains("Reclaim of " + old + ": batch of"));
                restartGateway();
                gatewayKills++;
            } else if (controllerKills == 5) {
                // the gateway, while a batch is in the controller's hands
                await("a RECLAIM job running").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                        .until(() -> pair.running("RECLAIM").isPresent());
                restartGateway();
                gatewayKills++;
            } else if (controllerKills == 6) {
                // a reader's recall while the reclaim is not done is served before it ends
                String recalled = digests.keySet().iterator().next();
                pair.evictCache();
                assertThat(directSha256(recalled)).as(recalled + " recalled during the reclaim")
                        .isEqualTo(digests.get(recalled));
                assertThat(reclaimDone(old, start)).as("the recall was served before the reclaim ended").isFalse();
            } else if (controllerKills == 7) {
                // the gateway, at once after the controller came back (its stream to the old one just broke)
                restartGateway();
                gatewayKills++;
            }
        }
        assertThat(controllerKills).as("controller kills during the reclaim").isEqualTo(CONTROLLER_KILLS);
        assertThat(gatewayKills).as("gateway kills during the reclaim").isEqualTo(3);

        await("the reclaim of " + old + " ends").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> reclaimDone(old, start));
        pair.evictCache();
        Map<String, List<String>> tapes = new TreeMap<>();
        digests.keySet().forEach(file -> tapes.put(file, tapesOf(file)));
        assertThat(tapes).allSatisfy((file, on) -> assertThat(on).as(file).isNotEmpty());
        if (tapes.values().stream().anyMatch(on -> on.contains(old))) {
            // The kills leave dead bytes on the target too; past RECLAIM_THRESHOLD, its own reclaim starts at once and
            // may copy files back onto the old cartridge, formatted and scratch by then: such copies are new ones.
            // (Its batch is logged just after the catalog switched to it.)
            await("a later reclaim copying back onto " + old).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50)).until(() -> copiedBackAfterDone(old, start));
        }
        for (Map.Entry<String, String> file : digests.entrySet()) {
            // read from tape (the cache was emptied): from the copy the catalog names, whichever it is
            assertThat(directSha256(file.getKey())).as(file.getKey()).isEqualTo(file.getValue());
        }
        for (String deleted : onOld.subList(0, DELETED)) {
            assertThat(mount.resolve(deleted)).as("a deleted file stays deleted").doesNotExist();
        }
        assertThat(pair.jobs()).anyMatch(j -> "FORMAT".equals(j.type()) && old.equals(j.volumeTag())
                && "SUCCEEDED".equals(j.state()));
        System.out.printf("ReclaimKillPointsSystemTest: %s reclaimed through %d controller and %d gateway kills%n", old,
                controllerKills, gatewayKills);
    }

    private boolean reclaimDone(String old, long since) {
        try {
            return pair.gateway.alive() && pair.gateway.logSince(since).contains("Reclaim of " + old + " done");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether, after the reclaim of {@code old} was done, a later batch was copied onto {@code old}. */
    private boolean copiedBackAfterDone(String old, long since) {
        try {
            String log = pair.gateway.logSince(since);
            int done = log.indexOf("Reclaim of " + old + " done");
            return done >= 0 && log.indexOf(" copied to " + old + ",", done) >= 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void restartGateway() throws Exception {
        pair.gateway.kill();
        pair.gateway.start();
    }

    private List<String> tapesOf(String relative) {
        return MountFiles.tapes(pair.mount.resolve(relative));
    }

    private String directSha256(String relative) throws Exception {
        return MountFiles.directSha256(pair.mount.resolve(relative));
    }
}
