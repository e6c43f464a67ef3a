package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10, acceptance 1: the gateway SIGKILLed at 3 points of a Migrate and 3 of a Recall. Each time the controller's
 * job ends within 5 s (FAILED, naming the client), the controller keeps running, a recall from another tape succeeds,
 * the files confirmed before read back with their sha256, and the interrupted file migrates (or reads back) after the
 * gateway restarts. The real jars, a real mount; the methods run in order and share the processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Isolated("its kill points are windows of a few milliseconds in a running job, polled every few milliseconds: a second pair on the cores makes it miss them")
class GatewayKillSystemTest {
    private static final long MB = 1000L * 1000;
    /** The controller's logical block size (TAPE_BLOCK_SIZE, its default), bytes. */
    private static final long BLOCK_BYTES = 512 * 1024;
    private static final Duration JOB_END_BOUND = Duration.ofSeconds(5);
    private static final Map<String, String> GATEWAY_SETTINGS = Map.of("WRITE_DELAY", "1s", "RECALL_TIMEOUT", "60s");

    @TempDir
    static Path work;

    @AutoClose
    private LibraryPair pair;
    private long controllerPid;
    /** Files the mount confirmed on tape: path in the mount to sha256 of the source. */
    private final Map<String, String> confirmed = new TreeMap<>();
    /** Files that were interrupted while migrating and confirmed after the restart: to recall in the second half. */
    private final List<String> recallable = new ArrayList<>();

    @BeforeAll
    void importTwoTapesAndStart() throws Exception {
        pair = new LibraryPair("gateway-kill", work, Map.of(), GATEWAY_SETTINGS);
        for (String tape : List.of("TL0001L5", "TL0002L5")) {
            Path source = pair.work.resolve("import-" + tape);
            Files.createDirectories(source.resolve(tape));
            for (int i = 0; i < 3; i++) {
                MountFiles.randomFile(source.resolve(tape).resolve("f" + i + ".bin"), (i + 1) * MB);
                confirmed.put(tape + "/f" + i + ".bin", MountFiles.sha256(source.resolve(tape).resolve("f" + i + ".bin")));
            }
            pair.importTree(source, tape);
        }
        pair.start();
        controllerPid = pair.controller.pid();
        assertThat(pair.xattr("TL0001L5/f0.bin", "tapelib.tapes")).isEqualTo("TL0001L5");
        assertThat(pair.xattr("TL0002L5/f0.bin", "tapelib.tapes")).isEqualTo("TL0002L5");
    }

    /**
     * @param point       where the kill lands, for the report
     * @param sizesMb     the batch's files (MB), copied into the mount together
     * @param killAtBlocks data-partition blocks the MIGRATE job has written when the gateway is killed (a 300 MB file
     *                     is 573 blocks); the index over a cut-off batch's complete files is DriveSchedulerTest's
     */
    @ParameterizedTest(name = "Migrate killed {0}")
    @CsvSource(delimiter = ';', value = {
            "at the start of a file; 300; 8",
            "in the middle of a file; 300; 286",
            "near the end of a file; 300; 520"})
    @Order(1)
    void aGatewayKilledDuringMigrateEndsTheJobAndTheFileMigratesAfterItsRestart(String point, String sizesMb,
                                                                                 long killAtBlocks) throws Exception {
        Map<String, String> batch = new LinkedHashMap<>();
        List<String> copy = new ArrayList<>(List.of("cp"));
        for (String size : sizesMb.split(" ")) {
            String name = "m" + (confirmed.size() + batch.size()) + "-" + size + "MB.bin";
            Path source = pair.work.resolve(name);
            MountFiles.randomFile(source, Long.parseLong(size) * MB);
            batch.put(name, MountFiles.sha256(source));
            copy.add(source.toString());
        }
        copy.add(pair.mount.toString());
        Commands.run(copy.toArray(String[]::new)).requireSuccess("cp into the mount");

        LibraryPair.MigrationProgress progress = pair.awaitMigrationProgress(killAtBlocks, Duration.ofSeconds(60));
        LibraryPair.Job job = progress.job();
        long killed = killGateway();

        LibraryPair.Job ended = jobEndsWithinBound(job, killed, "Migrate " + point + " (at least "
                + progress.objects() * BLOCK_BYTES / MB + " MB of the batch on tape)");
        assertThat(ended.error()).contains("client");
        assertThat(pair.controllerLog()).contains(job.volumeTag() + ": migration cut off after 0 complete file(s)");
        assertThat(batch.keySet()).allSatisfy(name -> assertThat(confirmed).doesNotContainKey(name));

        pair.gateway.start();
        recallFromAnotherTapeThan(job.volumeTag());
        confirmedFilesReadBack();
        for (Map.Entry<String, String> file : batch.entrySet()) {
            pair.awaitMigrated(file.getKey(), Duration.ofSeconds(120));
            confirmed.put(file.getKey(), file.getValue());
            if (Files.size(pair.mount.resolve(file.getKey())) == 300 * MB) {
                recallable.add(file.getKey());
            }
        }
        assertThat(pair.controller.pid()).as("the controller was not restarted").isEqualTo(controllerPid);
    }

    /** @param killAtBytes bytes the RECALL job has read from tape when the gateway is killed */
    @ParameterizedTest(name = "Recall killed after {0} bytes")
    @CsvSource({"16000000", "100000000", "200000000"})
    @Order(2)
    void aGatewayKilledDuringRecallEndsTheJobAndTheFileReadsBackAfterItsRestart(long killAtBytes) throws Exception {
        String file = recallable.remove(0);
        pair.evictCache();
        assertThat(pair.xattr(file, "tapelib.state")).isEqualTo("offline");
        Process reader = new ProcessBuilder("cat", pair.mount.resolve(file).toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            LibraryPair.Job job = await("a RECALL job " + killAtBytes + " bytes in").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10)).until(() -> pair.running("RECALL")
                            .filter(j -> j.bytes() >= killAtBytes).orElse(null), Objects::nonNull);
            long killed = killGateway();
            LibraryPair.Job ended = jobEndsWithinBound(job, killed, "Recall after " + killAtBytes + " bytes");
            assertThat(ended.bytes()).as("bytes read when the job ended").isLessThan(300 * MB);
            assertThat(ended.error()).contains("client");
            assertThat(reader.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the reader saw the mount go").isTrue();
        } finally {
            reader.destroyForcibly();
        }

        pair.gateway.start();
        recallFromAnotherTapeThan(pair.xattr(file, "tapelib.tapes"));
        pair.evictCache();
        assertThat(MountFiles.sha256(pair.mount.resolve(file))).as(file).isEqualTo(confirmed.get(file));
        assertThat(pair.controller.pid()).as("the controller was not restarted").isEqualTo(controllerPid);
    }

    @org.junit.jupiter.api.Test
    @Order(3)
    void everyConfirmedFileReadsBackWithItsSha256() throws Exception {
        pair.evictCache();
        for (Map.Entry<String, String> file : confirmed.entrySet()) {
            assertThat(MountFiles.sha256(pair.mount.resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        assertThat(confirmed).as("6 imported files and the 3 whose Migrate was cut off").hasSize(6 + 3);
    }

    // --- helpers ---

    /** SIGKILL of the gateway; returns System.nanoTime() just after it died. */
    private long killGateway() throws InterruptedException {
        pair.gateway.kill();
        assertThat(pair.gateway.alive()).isFalse();
        return System.nanoTime();
    }

    /** The job leaves RUNNING within {@link #JOB_END_BOUND} of the kill, as FAILED; prints the time it took. */
    private LibraryPair.Job jobEndsWithinBound(LibraryPair.Job job, long killed, String what) {
        LibraryPair.Job ended = pair.awaitEnd(job.id(), JOB_END_BOUND);
        long millis = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        System.out.printf("GatewayKillSystemTest: %s: job %d %s within %d ms of the kill (%s)%n", what, job.id(),
                ended.state(), millis, ended.error());
        assertThat(ended.state()).isEqualTo("FAILED");
        return ended;
    }

    /** A file on another tape than {@code tag} reads back with its sha256 (a recall, the cache emptied first). */
    private void recallFromAnotherTapeThan(String tag) throws Exception {
        String other = tag.equals("TL0001L5") ? "TL0002L5/f2.bin" : "TL0001L5/f2.bin";
        pair.evictCache();
        assertThat(pair.xattr(other, "tapelib.state")).isEqualTo("offline");
        assertThat(MountFiles.sha256(pair.mount.resolve(other))).as(other).isEqualTo(confirmed.get(other));
    }

    /** The small confirmed files (those imported, on both tapes) read back with their sha256. */
    private void confirmedFilesReadBack() throws Exception {
        pair.evictCache();
        for (Map.Entry<String, String> file : confirmed.entrySet()) {
            if (file.getKey().startsWith("TL000")) {
                assertThat(MountFiles.sha256(pair.mount.resolve(file.getKey()))).as(file.getKey())
                        .isEqualTo(file.getValue());
            }
        }
    }
}
