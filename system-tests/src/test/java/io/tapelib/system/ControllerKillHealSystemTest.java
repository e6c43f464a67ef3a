package io.tapelib.system;

import static io.tapelib.system.MountFiles.sha256;
import static io.tapelib.system.MountFiles.xattr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 part B, acceptance 2, through the real jars and a real mount: the controller is SIGKILLed at five points
 * of a migration; after each restart the cartridge it was writing is recovered without an operator (one log line),
 * takes the next migration, and at the end the controller's {@code index} command (controller stopped) and the mount
 * agree on every file of every cartridge written. A cartridge whose newest index other software wrote stays
 * read-only until an operator's recover.
 *
 * <p>The kill points are found from outside, as an operator would see them: the MIGRATE job in the REST job list,
 * the data partition's logical objects in the virtual cartridge's directory, and the data partition's Volume
 * Coherency Information (MAM attribute 080Ch, {@code attr_1_80c}), whose count is the generation of the last index
 * written there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Isolated("its kill points are windows of a few milliseconds in a running job, polled every few milliseconds: a second pair on the cores makes it miss them")
class ControllerKillHealSystemTest {
    private static final int FILES_PER_ROUND = 40;
    private static final int FILE_BYTES = 4 << 20;
    /**
     * Index syncs every 200 ms: a round's batch of 160 MiB gets at least one index while it is written, with data
     * before and after it. A migration of 160 MiB takes 0.35-0.9 s since session 18 (a fresh controller runs it at
     * about 200 MB/s, a warm one at 450); with syncs every second, as before, it ended before its first sync and the
     * kill point after a sync was never reached.
     */
    private static final String INDEX_SYNC_INTERVAL = "200ms";
    private static final Duration WRITE_DELAY = Duration.ofSeconds(4);
    private static final String OUR_CREATOR = "Tape Library Service 0.1.0 - Linux - tape-controller";

    @TempDir
    static Path work;

    @AutoClose
    private LibraryPair pair;
    private Path mount;
    /** Every file copied into the mount, by path relative to it, with its SHA-256. */
    private final Map<String, String> sources = new TreeMap<>();
    /** The cartridge in the drive when the controller was stopped after the kills. */
    private String loadedAtStop;

    /** Where in a migration the controller is killed. */
    enum KillPoint {
        JUST_AFTER_AN_INDEX_SYNC, MID_DATA_BEFORE_ANY_INDEX_SYNC, MID_DATA_AFTER_AN_INDEX_SYNC,
        AS_THE_JOB_STARTS, POINT_THREE_SECONDS_AFTER_A_CONFIRMED_BATCH
    }

    @BeforeAll
    void start() throws Exception {
        pair = new LibraryPair("controller-kill-heal", work, Map.of("INDEX_SYNC_INTERVAL", INDEX_SYNC_INTERVAL), Map.of(
                // longer than a round's copy into the mount (160 MiB, printed below: 0.5-2.9 s on 2 busy cores), so
                // that a round's files make one batch
                "WRITE_DELAY", WRITE_DELAY.toSeconds() + "s",
                "RECALL_TIMEOUT", "10s"));
        mount = pair.mount;
        pair.start();
    }

    @Test
    @Order(1)
    void killedAtFivePointsOfAMigrationEveryTapeHealsItselfAndTheIndexCommandAgreesWithTheMount() throws Exception {
        int round = 0;
        for (KillPoint point : KillPoint.values()) {
            round++;
            killAndRestart(point, round);
        }
        loadedAtStop = pair.loadedTape().orElseThrow();
        Set<String> written = new TreeSet<>();
        for (String path : sources.keySet()) {
            written.addAll(List.of(xattr(mount.resolve(path), "tapelib.tapes").split(",")));
        }
        pair.controller.stop();

        for (String tape : written) {
            Map<String, String[]> index = indexCommand(tape);
            assertThat(index).as("%s names files", tape).isNotEmpty();
            index.forEach((path, entry) -> {
                assertThat(sources).as("%s names %s, which the mount knows", tape, path).containsKey(path);
                assertThat(Long.parseLong(entry[0])).as("%s: length of %s", tape, path)
                        .isEqualTo(size(mount.resolve(path)));
                assertThat(entry[1]).as("%s: sha256 of %s", tape, path).isEqualTo(sources.get(path));
            });
            for (String path : sources.keySet()) {
                if (List.of(xattr(mount.resolve(path), "tapelib.tapes").split(",")).contains(tape)) {
                    assertThat(index).as("the mount says %s is on %s", path, tape).containsKey(path);
                }
            }
        }
    }

    @Test
    @Order(2)
    void aTapeWhoseNewestIndexOtherSoftwareWroteStaysReadOnlyUntilRecover() throws Exception {
        assertThat(pair.controller.alive()).isFalse();
        Path cartridge = pair.cartridges.resolve(loadedAtStop);
        giveTheLastIndexAnotherCreatorAndAppendAnUnindexedBlock(cartridge);
        long offset = pair.controller.logSize();
        pair.controller.start();

        String refusedTo = migrate("after-craft.txt");
        assertThat(refusedTo).as("the crafted tape took no write").isNotEqualTo(loadedAtStop);
        assertThat(pair.controller.logSince(offset)).contains(loadedAtStop + ": inconsistent, mounted read-only")
                .contains("not recovered automatically: its newest index was written by other software")
                .doesNotContain(loadedAtStop + ": recovered at mount");

        Map<String, Object> recovered = pair.recover(loadedAtStop);
        assertThat(recovered).containsEntry("type", "RECOVER").containsEntry("state", "SUCCEEDED");
        assertThat(pair.controller.logSince(offset)).contains(loadedAtStop + ": recovered; index generation");
        assertThat(migrate("after-recover.txt")).isEqualTo(loadedAtStop);
    }

    // --- the kill rounds ---

    private void killAndRestart(KillPoint point, int round) throws Exception {
        Path source = work.resolve("round" + round);
        writeSourceFiles(source, "round" + round, round);
        // the generation of the loaded tape's last data-partition index before this round's job: "before any index
        // sync" means no index since then; unknown (-1) for a blank cartridge, whose format writes the first index
        long generationBefore = pair.loadedTape().map(this::dataIndexGenerationUnchecked).filter(g -> g > 0).orElse(-1L);
        long copyStarted = System.nanoTime();
        Commands.run("cp", "-r", source.toString(), mount.resolve("round" + round).toString())
                .requireSuccess("cp round " + round);
        System.out.printf("ControllerKillHealSystemTest: round %d copied into the mount in %.2f s (WRITE_DELAY %d s)%n",
                round, (System.nanoTime() - copyStarted) / 1e9, WRITE_DELAY.toSeconds());
        String killed = await(point + ": the kill point").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5)).until(killPoint(point, "round" + round, generationBefore), Objects::nonNull);
        long offset = pair.controller.logSize();
        pair.controller.kill();
        String seen = killed + " at data generation " + dataIndexGeneration(killed) + ", " + pair.dataObjects(killed)
                + " data-partition objects, generation " + generationBefore + " before the round";
        assertThat(pair.gateway.alive()).isTrue();

        pair.controller.start();
        // the next migration after the restart: written now, its write delay passes while the round migrates again
        String probe = write("probe-" + round + ".txt");
        await(point + ": round " + round + " migrated after the restart").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250)).until(() -> allCached("round" + round));
        String probeTape = tapeOnceMigrated(probe);

        assertThat(probeTape).as("%s: the next migration goes to %s, writable again", point, killed)
                .isEqualTo(killed);
        List<String> recoveries = linesContaining(pair.controller.logSince(offset), killed + ": recovered at mount");
        assertThat(recoveries).as("%s (killed: %s): one line for the recovery; log since the kill:%n%s", point, seen,
                pair.controller.logSince(offset)).hasSize(1);
        assertThat(recoveries.get(0)).contains("INFO", "newest index generation", "index partition copy refreshed");
        assertThat(pair.controller.logSince(offset)).as(point.toString()).doesNotContain(killed + ": inconsistent")
                .doesNotContain(killed + ": recovered; index generation");
    }

    /** Returns the volume tag being written once the point is reached, null until then. */
    private java.util.concurrent.Callable<String> killPoint(KillPoint point, String round, long generationBefore) {
        AtomicLong firstObjects = new AtomicLong(-1);
        AtomicLong firstGeneration = new AtomicLong(generationBefore);
        AtomicLong objectsAtSync = new AtomicLong(-1);
        AtomicReference<String> tape = new AtomicReference<>();
        AtomicLong confirmedAt = new AtomicLong(-1);
        return () -> {
            if (point == KillPoint.POINT_THREE_SECONDS_AFTER_A_CONFIRMED_BATCH) {
                if (confirmedAt.get() < 0) {
                    if (!allCached(round)) {
                        return null;
                    }
                    confirmedAt.set(System.nanoTime());
                }
                // the point in time under test: 0.3 s after the gateway saw the batch confirmed (polled, not slept)
                if (System.nanoTime() - confirmedAt.get() < Duration.ofMillis(300).toNanos()) {
                    return null;
                }
                return pair.loadedTape().orElseThrow();
            }
            if (tape.get() == null) {
                // the job list answers in tens of milliseconds; once the tape is known, only its directory is read
                Optional<String> running = pair.runningMigration();
                if (running.isEmpty()) {
                    return null;
                }
                if (point == KillPoint.AS_THE_JOB_STARTS) {
                    return running.get();
                }
                tape.set(running.get());
            }
            long objects = pair.dataObjects(tape.get());
            long generation = dataIndexGeneration(tape.get());
            if (generation == 0) {
                return null; // a blank cartridge being formatted: its first index comes with the format
            }
            firstObjects.compareAndSet(-1, objects);
            firstGeneration.compareAndSet(-1, generation);
            boolean synced = generation > firstGeneration.get();
            return switch (point) {
                case MID_DATA_BEFORE_ANY_INDEX_SYNC -> !synced && objects - firstObjects.get() >= 8 ? tape.get() : null;
                case JUST_AFTER_AN_INDEX_SYNC -> synced ? tape.get() : null;
                case MID_DATA_AFTER_AN_INDEX_SYNC -> {
                    if (synced) {
                        objectsAtSync.compareAndSet(-1, objects);
                    }
                    yield synced && objects - objectsAtSync.get() >= 8 ? tape.get() : null;
                }
                default -> throw new IllegalStateException(point.toString());
            };
        };
    }

    private void writeSourceFiles(Path source, String prefix, long seed) throws Exception {
        Files.createDirectories(source);
        Random random = new Random(seed);
        byte[] block = new byte[FILE_BYTES];
        for (int i = 0; i < FILES_PER_ROUND; i++) {
            random.nextBytes(block);
            String name = String.format("f%02d.bin", i);
            Files.write(source.resolve(name), block);
            sources.put(prefix + "/" + name, sha256(block));
        }
    }

    /** Writes a small file into the mount and waits until it is migrated: the tape it went to. */
    private String migrate(String name) throws Exception {
        return tapeOnceMigrated(write(name));
    }

    /** Writes a small file into the mount: its name. */
    private String write(String name) throws Exception {
        byte[] content = (name + " written at " + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(mount.resolve(name), content);
        sources.put(name, sha256(content));
        return name;
    }

    /** Waits until the file is migrated: the tape it went to. */
    private String tapeOnceMigrated(String name) {
        pair.awaitCached(name, Duration.ofSeconds(120));
        return xattr(mount.resolve(name), "tapelib.tapes");
    }

    private boolean allCached(String round) {
        return sources.keySet().stream().filter(p -> p.startsWith(round + "/"))
                .allMatch(p -> "cached".equals(xattr(mount.resolve(p), "tapelib.state")));
    }

    // --- the crafted cartridge ---

    /**
     * What another LTFS implementation could leave: its newest index (the data partition's last, one record before
     * the closing filemark) carries its own creator, and a record follows that no index names. Edited in the
     * cartridge's directory (the LTFS reference file backend's layout) with the controller stopped, the Volume Change
     * Reference moved on as the drive would have moved it.
     */
    private static void giveTheLastIndexAnotherCreatorAndAppendAnUnindexedBlock(Path cartridge) throws IOException {
        long eod;
        try (Stream<Path> files = Files.list(cartridge)) {
            eod = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("1_\\d+_E"))
                    .mapToLong(n -> Long.parseLong(n.substring(2, n.length() - 2))).findFirst().orElseThrow();
        }
        assertThat(cartridge.resolve("1_" + (eod - 1) + "_F")).as("the data partition ends with an index").exists();
        Path index = cartridge.resolve("1_" + (eod - 2) + "_R");
        String xml = Files.readString(index, StandardCharsets.UTF_8);
        assertThat(xml).contains("<ltfsindex", "<creator>" + OUR_CREATOR + "</creator>");
        Files.writeString(index, xml.replace("<creator>" + OUR_CREATOR + "</creator>",
                "<creator>LTFS 2.4.5.1 (10502) - Linux - ltfs</creator>"), StandardCharsets.UTF_8);
        byte[] unindexed = new byte[65536];
        new Random(7).nextBytes(unindexed);
        Files.write(cartridge.resolve("1_" + eod + "_R"), unindexed);
        Files.move(cartridge.resolve("1_" + eod + "_E"), cartridge.resolve("1_" + (eod + 1) + "_E"));
        // a drive changes its Volume Change Reference (attr_0_9, 4 bytes after the header) when the medium is written
        Path vcr = cartridge.resolve("attr_0_9");
        byte[] attribute = Files.readAllBytes(vcr);
        ByteBuffer.wrap(attribute).putInt(5, ByteBuffer.wrap(attribute).getInt(5) + 1);
        Files.write(vcr, attribute);
    }

    // --- what an operator sees ---

    /** The controller's {@code index} command: path to {length, sha256} of every file the tape's index names. */
    private Map<String, String[]> indexCommand(String tape) throws Exception {
        Commands.Result index = pair.controllerCli("index", "--volume-tag", tape);
        assertThat(index.exitCode()).as("index --volume-tag %s: %s", tape, index.stdout()).isZero();
        Map<String, String[]> files = new TreeMap<>();
        for (String line : index.stdout().split("\n")) {
            String[] fields = line.split("\t");
            // kind, length, mode, uid, gid, mtime, atime, ctime, device, link, sha256, xattrs, path, target
            if (fields.length == 14 && fields[0].equals("FILE")) {
                files.put(fields[12], new String[] {fields[1], fields[10]});
            }
        }
        return files;
    }

    /**
     * The generation of the data partition's last index, from its Volume Coherency Information (bytes 14-21 of
     * {@code attr_1_80c}, the VOLUME COHERENCY COUNT); 0 before the first.
     */
    private long dataIndexGeneration(String tape) throws IOException {
        try {
            byte[] vci = Files.readAllBytes(pair.cartridges.resolve(tape).resolve("attr_1_80c"));
            return vci.length == 75 ? ByteBuffer.wrap(vci, 14, 8).getLong() : 0;
        } catch (NoSuchFileException none) {
            return 0;
        }
    }

    private long dataIndexGenerationUnchecked(String tape) {
        try {
            return dataIndexGeneration(tape);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> linesContaining(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).toList();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
