package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, acceptance 3, through the real jars: the built {@code tapelib} jar run as an operator runs it against a
 * running pair started with OPERATOR_TOKEN. Twelve files are imported onto TL0001L5 before the pair starts; the virtual
 * library runs at 1/100 of an LTO-5's speed (TAPELIB_VIRTUAL_TIME_SCALE 0.01) so that a reclaim's RECLAIM job lasts
 * the seconds {@code jobs --follow} needs to show it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TapelibCliSystemTest {
    private static final String TOKEN = "cli-system-test-token";
    private static final int FILES = 12;
    private static final int FILE_BYTES = 2_000_000;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** A bar as the CLI prints it for a controller RECLAIM job: [###.....] 52% 1.2 MB of 2.3 MB RECLAIM TL0001L5 */
    private static final Pattern RECLAIM_BAR =
            Pattern.compile("\\[[#.]{20}] +\\d{1,3}% [0-9.]+ [kMG]?B of [0-9.]+ [kMG]?B RECLAIM TL0001L5");

    private LibraryPair pair;
    private TapelibCommand tapelib;
    private Path work;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        this.work = work;
        Map<String, String> token = Map.of("OPERATOR_TOKEN", TOKEN);
        pair = new LibraryPair("tapelib-cli", work,
                Map.of("OPERATOR_TOKEN", TOKEN, "TAPELIB_VIRTUAL_CARTRIDGES", "3",
                        "TAPELIB_VIRTUAL_CAPACITY_BYTES", Long.toString(100L << 20), "TAPELIB_VIRTUAL_TIME_SCALE", "0.01"),
                Map.of("OPERATOR_TOKEN", TOKEN, "WRITE_DELAY", "1s", "RECLAIM_INTERVAL", "1s",
                        "RECLAIM_BATCH_BYTES", "100000000"));
        Path source = Files.createDirectories(work.resolve("source").resolve("data"));
        for (int i = 0; i < FILES; i++) {
            MountFiles.writeGenerated(source.resolve(String.format("file-%02d.bin", i)), FILE_BYTES + i, 700 + i);
        }
        pair.importTree(source.getParent(), "TL0001L5");
        pair.start();
        tapelib = new TapelibCommand(pair, TOKEN);
        assertThat(token).isNotEmpty();
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private Commands.Result ok(String... args) throws Exception {
        Commands.Result result = tapelib.run(args);
        assertThat(result.exitCode()).as("tapelib %s: %s%s", String.join(" ", args), result.stdout(), result.stderr())
                .isZero();
        return result;
    }

    @Test
    @Order(1)
    void statusAndLibraryShowTheRunningPair() throws Exception {
        assertThat(ok("status").stdout()).contains("cache", "lost files       0", "recalls          0 queued");
        assertThat(ok("library").stdout()).containsPattern("slot \\d+ +TL0001L5").contains("drive 0");
        JsonPath library = JsonPath.from(ok("library", "--json").stdout());
        assertThat(library.getList("storageSlots")).hasSizeGreaterThanOrEqualTo(3);
        Commands.Result away = tapelib.run("library", "--controller", "http://127.0.0.1:1");
        assertThat(away.exitCode()).as(away.stderr()).isEqualTo(3);
        assertThat(away.stderr()).contains("cannot reach http://127.0.0.1:1");
    }

    @Test
    @Order(2)
    void loadUnloadRecallAndJobs() throws Exception {
        // The gateway reads each cartridge's index at start-up: the drive may still hold the last one.
        await("the controller idle").atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> JsonPath
                .from(ok("jobs", "--json").stdout())
                .getList("controller.findAll { it.state == 'RUNNING' || it.state == 'QUEUED' }").isEmpty());
        if (JsonPath.from(ok("library", "--json").stdout()).getBoolean("drives[0].full")) {
            assertThat(ok("unload").stdout()).contains("UNLOAD").contains(": SUCCEEDED");
        }
        assertThat(ok("load", "TL0002L5").stdout()).contains("LOAD TL0002L5: SUCCEEDED");
        assertThat(ok("library").stdout()).containsPattern("drive 0 +TL0002L5");
        assertThat(ok("unload").stdout()).contains("UNLOAD TL0002L5: SUCCEEDED");
        Commands.Result unknown = tapelib.run("load", "NOSUCH1L5");
        assertThat(unknown.exitCode()).as("an unknown volume tag: %s", unknown.stderr()).isEqualTo(5);

        Commands.Result recall = ok("recall", pair.mount.resolve("data/file-01.bin").toString(), "/data/file-02.bin");
        assertThat(recall.stdout()).contains("2 queued");
        pair.awaitCached("data/file-01.bin", WAIT);
        pair.awaitCached("data/file-02.bin", WAIT);

        Commands.Result jobs = ok("jobs");
        assertThat(jobs.stdout()).containsPattern("controller +\\d+ +LOAD +SUCCEEDED +TL0002L5")
                .containsPattern("controller +\\d+ +RECALL +SUCCEEDED +TL0001L5");
    }

    @Test
    @Order(3)
    void jobsFollowPrintsAProgressBarDuringAReclaim() throws Exception {
        Path followed = work.resolve("jobs-follow.out");
        Process follow = tapelib.start(followed, "jobs", "--follow", "--type", "RECLAIM");
        try {
            for (int i = 0; i < 4; i++) {
                Files.delete(pair.mount.resolve(String.format("data/file-%02d.bin", 8 + i)));
            }
            assertThat(ok("reclaim", "TL0001L5").stdout()).contains("Reclaim of TL0001L5 recorded");
            await("a RECLAIM progress bar from tapelib jobs --follow").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> RECLAIM_BAR.matcher(Files.readString(followed)).find());
            await("the reclaim of TL0001L5 ends").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> JsonPath.from(ok("status", "--json").stdout()).getList("reclaims").isEmpty());
            await("its end in tapelib jobs --follow").atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(followed).contains("SUCCEEDED RECLAIM TL0001L5"));
            assertThat(follow.isAlive()).as("--follow runs until stopped").isTrue();
        } finally {
            follow.destroy();
            follow.waitFor();
        }
        System.out.printf("TapelibCliSystemTest: jobs --follow printed:%n%s%n", Files.readString(followed));
    }

    @Test
    @Order(4)
    void tapesLsFindAndWhereShowTheCatalog() throws Exception {
        assertThat(ok("tapes").stdout()).containsPattern("TL0001L5 +LTFS");
        Commands.Result ls = ok("ls", "/data");
        assertThat(ls.lines()).filteredOn(l -> l.contains("/data/file-")).hasSize(FILES - 4)
                .allSatisfy(l -> assertThat(l).containsPattern("TL000[123]L5"));
        JsonPath found = JsonPath.from(ok("find", "--json", "--page", "3").stdout());
        assertThat(found.getList("$")).as("every page of find: the directory and its files").hasSize(FILES - 4 + 1);
        Commands.Result where = ok("where", pair.mount.resolve("data/file-03.bin").toString());
        assertThat(where.stdout()).contains("/data/file-03.bin  offline").containsPattern("TL000[23]L5 +current");
        Commands.Result missing = tapelib.run("where", "/data/no-such-file");
        assertThat(missing.exitCode()).as(missing.stderr()).isEqualTo(5);
    }

    @Test
    @Order(5)
    void auditShowsWhoRemovedAFile() throws Exception {
        Commands.run("rm", pair.mount.resolve("data/file-07.bin").toString()).requireSuccess("rm");
        await("the removal in tapelib audit").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> ok("audit", "--path", pair.mount.resolve("data/file-07.bin").toString(), "--since", "10m")
                        .stdout().lines().anyMatch(l -> l.contains("unlink") && l.contains(" rm ")
                                && l.endsWith("/data/file-07.bin")));
        String line = ok("audit", "--path", "/data/file-07.bin").stdout().lines()
                .filter(l -> l.contains("unlink")).findFirst().orElseThrow();
        assertThat(line).containsPattern("unlink +ok +0 +\\d+ +rm +mount +/data/file-07.bin");
    }

    @Test
    @Order(6)
    void withTheOperatorTokenSetACallWithoutItExitsFour() throws Exception {
        Commands.Result gateway = new TapelibCommand(pair, null).run("status");
        assertThat(gateway.exitCode()).as(gateway.stderr()).isEqualTo(4);
        Commands.Result controller = new TapelibCommand(pair, null).run("library");
        assertThat(controller.exitCode()).as(controller.stderr()).isEqualTo(4);
        Commands.Result wrong = new TapelibCommand(pair, "not-" + TOKEN).run("status");
        assertThat(wrong.exitCode()).as(wrong.stderr()).isEqualTo(4);
        ok("status");
    }
}
